import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";

const TOKENIZER_FILES = ["tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json"];
const ADAPTER_WEIGHT_FILES = ["adapter_model.safetensors", "adapter_model.bin"];

/*
 * The same checks the runtime makes before loading (trainer/luodi_runtime/loading.py), run at
 * registration so a wrong folder is reported to the admin at once instead of on the first request.
 */

async function isDirectory(folder: string): Promise<boolean> {
  return stat(folder).then((entry) => entry.isDirectory(), () => false);
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

function folderError(field: "localPath" | "adapterPath", message: string, reason: string, params: Record<string, string>): AppError {
  return new AppError("INVALID_INPUT", message, { reason, params, fieldErrors: { [field]: [message] } });
}

/** Checks a Hugging Face model folder and returns its context length from config.json, when it states one. */
export async function checkModelFolder(folder: string): Promise<{ contextLength: number | null }> {
  if (!(await isDirectory(folder))) {
    throw folderError("localPath", `The model folder ${folder} does not exist or is not a folder`, "runtime.folder_missing", { path: folder });
  }
  const files = await listFiles(folder);
  if (!files.includes("config.json")) {
    throw folderError("localPath", `The model folder ${folder} has no config.json; save the model in Hugging Face format`, "runtime.file_missing", { path: folder, file: "config.json" });
  }
  if (!TOKENIZER_FILES.some((name) => files.includes(name))) {
    throw folderError("localPath", `The model folder ${folder} has no tokenizer (tokenizer.json or tokenizer_config.json); save the tokenizer next to the model`, "runtime.file_missing", {
      path: folder,
      file: "tokenizer.json",
    });
  }
  if (!files.some((name) => name.endsWith(".safetensors") || /^pytorch_model.*\.bin$/.test(name))) {
    throw folderError("localPath", `The model folder ${folder} has no weights (*.safetensors or pytorch_model*.bin)`, "runtime.file_missing", { path: folder, file: "model.safetensors" });
  }
  return { contextLength: await readContextLength(path.join(folder, "config.json")) };
}

/** Checks a PEFT adapter folder: adapter_config.json and the adapter weights. */
export async function checkAdapterFolder(folder: string): Promise<void> {
  if (!(await isDirectory(folder))) {
    throw folderError("adapterPath", `The adapter folder ${folder} does not exist or is not a folder`, "runtime.folder_missing", { path: folder });
  }
  const files = await listFiles(folder);
  if (!files.includes("adapter_config.json")) {
    throw folderError("adapterPath", `The adapter folder ${folder} has no adapter_config.json; save the adapter with PEFT's save_pretrained`, "runtime.file_missing", {
      path: folder,
      file: "adapter_config.json",
    });
  }
  if (!ADAPTER_WEIGHT_FILES.some((name) => files.includes(name))) {
    throw folderError("adapterPath", `The adapter folder ${folder} has no adapter_model.safetensors or adapter_model.bin`, "runtime.file_missing", {
      path: folder,
      file: "adapter_model.safetensors",
    });
  }
}

async function readContextLength(configFile: string): Promise<number | null> {
  let config: { max_position_embeddings?: unknown };
  try {
    config = JSON.parse(await readFile(configFile, "utf8")) as typeof config;
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "it could not be read";
    throw folderError("localPath", `${configFile} is not valid JSON: ${detail}`, "runtime.config_invalid", { path: configFile });
  }
  const value = config.max_position_embeddings;
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 10_000_000 ? value : null;
}
