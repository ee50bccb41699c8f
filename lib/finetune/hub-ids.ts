import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";

export type HubSource = "huggingface" | "modelscope";

/** Revision used when the user names none: each hub's default branch. */
export const DEFAULT_REVISION: Record<HubSource, string> = { huggingface: "main", modelscope: "master" };

// One path segment of a repository id: a letter or digit first, then letters, digits, ".", "_" or "-".
const ID_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** owner/name as both hubs spell repository ids; ".." and "--" are rejected because they escape or alias folders. */
export const hubRepoId = z
  .string()
  .trim()
  .min(3, "Enter the repository id as owner/name")
  .max(200, "Use at most 200 characters")
  .refine((value) => {
    const parts = value.split("/");
    return parts.length === 2 && parts.every((part) => ID_PART.test(part));
  }, "Enter the repository id as owner/name, with letters, digits, '.', '_' or '-' in each part")
  .refine((value) => !value.includes("..") && !value.includes("--"), "Repository ids cannot contain '..' or '--'");

/** A branch, tag or commit. Slashes are allowed (refs/pr/1), "." and ".." segments are not. */
export const hubRevision = z
  .string()
  .trim()
  .min(1, "Enter a branch, tag or commit, or leave the field empty")
  .max(200, "Use at most 200 characters")
  .refine(
    (value) => value.split("/").every((part) => ID_PART.test(part)) && !value.includes(".."),
    "Use letters, digits, '.', '_', '-' and '/' in the revision, without '..'",
  );

/** Folder that contains the models downloaded from hubs: LUODI_DATA_DIR/models. */
export function hubModelsRoot(): string {
  return path.resolve(env().LUODI_DATA_DIR, "models");
}

/**
 * Returns LUODI_DATA_DIR/models/<source>/<owner>/<name>/<revision>, the folder a hub model is downloaded to.
 * The revision is URI-encoded into one folder name, so refs/pr/1 does not create nested folders.
 */
export function hubModelFolder(source: HubSource, repoId: string, revision: string): string {
  const [owner = "", name = ""] = repoId.split("/");
  return path.join(hubModelsRoot(), source, owner, name, encodeURIComponent(revision));
}

/** Returns the folder a download writes into before its atomic rename to hubModelFolder. */
export function hubPartialFolder(finalFolder: string): string {
  return `${finalFolder}.partial`;
}

/** Base URL and token of a hub, from HF_ENDPOINT / HF_TOKEN or MODELSCOPE_ENDPOINT / MODELSCOPE_API_TOKEN. */
export type HubSettings = { source: HubSource; endpoint: string; token: string | undefined };

export function readHubSettings(source: HubSource): HubSettings {
  const config = env();
  const endpoint = source === "huggingface" ? config.HF_ENDPOINT : config.MODELSCOPE_ENDPOINT;
  const token = source === "huggingface" ? config.HF_TOKEN : config.MODELSCOPE_API_TOKEN;
  return { source, endpoint: endpoint.replace(/\/+$/, ""), token };
}
