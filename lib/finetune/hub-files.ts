import type { HubFile } from "./hub-api";

/** Reason a file of the repository is not downloaded. */
export type SkipReason =
  /** Python code: Luodi never loads models with trust_remote_code, so the code would never run. */
  | "code"
  /** A pickle *.bin file while safetensors weights exist: unpickling can run code, and the safetensors hold the same weights. */
  | "pickle"
  /** A second copy of the weights (consolidated.safetensors beside model*.safetensors), or weights in a subfolder. */
  | "duplicate_weights"
  /** Not read by transformers when it loads a model and tokenizer (README, images, ONNX, GGUF). */
  | "not_model_file"
  /** A path that is absolute, contains "." or ".." segments or control characters, or is too long. */
  | "unsafe_path";

export type FileSelection = { selected: HubFile[]; skipped: { path: string; reason: SkipReason }[] };

// Configuration, tokenizer and chat template files; chat_template.jinja is how recent transformers saves templates.
const SMALL_FILE = /\.(json|txt|model|jinja|tiktoken)$/i;
const SHARDED_SAFETENSORS = /^model(-\d+-of-\d+)?\.safetensors$/;
const SHARDED_BIN = /^pytorch_model(-\d+-of-\d+)?\.bin$/;
const MAX_PATH_LENGTH = 500;
// Only the model's own folder and one level below (sentence-transformers keeps 1_Pooling/config.json there).
const MAX_DEPTH = 2;

/** True for a relative path that stays inside the download folder. */
export function isSafeRepoPath(filePath: string): boolean {
  if (filePath.length === 0 || filePath.length > MAX_PATH_LENGTH) return false;
  if (filePath.startsWith("/") || filePath.includes("\\") || /\p{Cc}/u.test(filePath)) return false;
  return filePath.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

function weightFiles(rootFiles: HubFile[], extension: ".safetensors" | ".bin", sharded: RegExp): { keep: HubFile[]; duplicates: HubFile[] } {
  const candidates = rootFiles.filter((file) => file.path.endsWith(extension));
  const standard = candidates.filter((file) => sharded.test(file.path));
  // With the standard file names present, any other weights file is another export of the same model.
  if (standard.length > 0) return { keep: standard, duplicates: candidates.filter((file) => !standard.includes(file)) };
  return { keep: extension === ".bin" ? [] : candidates, duplicates: extension === ".bin" ? candidates : [] };
}

/**
 * Picks the files transformers needs to load the model and its tokenizer: configuration and tokenizer
 * files, and the weights in the repository's top folder. Safetensors are preferred; pickle *.bin weights
 * are downloaded only when the repository has no safetensors. Every other file is skipped with its reason.
 */
export function selectModelFiles(files: HubFile[]): FileSelection {
  const skipped: FileSelection["skipped"] = [];
  const safe = files.filter((file) => {
    if (isSafeRepoPath(file.path) && file.path.split("/").length <= MAX_DEPTH) return true;
    skipped.push({ path: file.path, reason: isSafeRepoPath(file.path) ? "not_model_file" : "unsafe_path" });
    return false;
  });

  const rootFiles = safe.filter((file) => !file.path.includes("/"));
  const safetensors = weightFiles(rootFiles, ".safetensors", SHARDED_SAFETENSORS);
  const bins = safetensors.keep.length > 0 ? { keep: [], duplicates: [] } : weightFiles(rootFiles, ".bin", SHARDED_BIN);
  const weights = new Set([...safetensors.keep, ...bins.keep]);

  const selected: HubFile[] = [];
  for (const file of safe) {
    if (weights.has(file)) selected.push(file);
    else if (file.path.endsWith(".py")) skipped.push({ path: file.path, reason: "code" });
    else if (file.path.endsWith(".bin")) skipped.push({ path: file.path, reason: safetensors.keep.length > 0 ? "pickle" : "not_model_file" });
    else if (file.path.endsWith(".safetensors")) skipped.push({ path: file.path, reason: "duplicate_weights" });
    else if (SMALL_FILE.test(file.path)) selected.push(file);
    else skipped.push({ path: file.path, reason: "not_model_file" });
  }
  return { selected, skipped };
}

/** True when the selection contains weights, so the download can produce a loadable model. */
export function hasWeights(selection: FileSelection): boolean {
  return selection.selected.some((file) => file.path.endsWith(".safetensors") || file.path.endsWith(".bin"));
}
