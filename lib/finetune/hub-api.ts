import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { HubError, hubGet, readJsonBody } from "./hub-fetch";
import type { HubSettings } from "./hub-ids";

/*
 * The two hubs' public HTTP APIs, as their own clients call them:
 * - Hugging Face (huggingface_hub's HfApi.model_info with files_metadata): GET /api/models/{id}/revision/{rev}?blobs=true
 *   returns `sha` and `siblings` [{ rfilename, size, blobId, lfs: { sha256, size } }]; files come from
 *   /{id}/resolve/{rev}/{path}, which redirects LFS files to a download host.
 * - ModelScope (modelscope's HubApi.get_model_files): GET /api/v1/models/{id}/repo/files?Revision=&Recursive=true
 *   returns { Code, Data: { Files: [{ Path, Type, Size, Sha256 }] } }; files come from /api/v1/models/{id}/repo?Revision=&FilePath=.
 */

/** A file of a hub repository with what the hub states about it. */
export type HubFile = {
  path: string;
  size: number;
  /** SHA-256 of the content, given for LFS files on Hugging Face and for every file on ModelScope. */
  sha256: string | null;
  /** Git blob id (SHA-1 of "blob <size>\0" + content), given for Hugging Face files stored in Git itself. */
  gitBlobSha1: string | null;
};

export type HubListing = { files: HubFile[]; commit: string | null };

/** Listings above this size are refused; a model repository's listing is a few KiB to a few MiB. */
const MAX_LISTING_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 20_000;

function encodePath(value: string): string {
  return value.split("/").map(encodeURIComponent).join("/");
}

function listingUrl(settings: HubSettings, repoId: string, revision: string): string {
  if (settings.source === "huggingface") {
    return `${settings.endpoint}/api/models/${encodePath(repoId)}/revision/${encodeURIComponent(revision)}?blobs=true`;
  }
  const query = new URLSearchParams({ Revision: revision, Recursive: "true" });
  return `${settings.endpoint}/api/v1/models/${encodePath(repoId)}/repo/files?${query}`;
}

/** Returns the URL a file of the repository is downloaded from. */
export function fileUrl(settings: HubSettings, repoId: string, revision: string, filePath: string): string {
  if (settings.source === "huggingface") {
    return `${settings.endpoint}/${encodePath(repoId)}/resolve/${encodeURIComponent(revision)}/${encodePath(filePath)}`;
  }
  const query = new URLSearchParams({ Revision: revision, FilePath: filePath });
  return `${settings.endpoint}/api/v1/models/${encodePath(repoId)}/repo?${query}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const asSize = (value: unknown): number | null => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null);
const asHex = (value: unknown, length: number): string | null =>
  typeof value === "string" && new RegExp(`^[0-9a-f]{${length}}$`).test(value.toLowerCase()) ? value.toLowerCase() : null;

function parseHuggingFaceListing(body: unknown): HubListing {
  if (!isRecord(body) || !Array.isArray(body.siblings)) throw new HubError("hub_error", "The hub's file listing has no siblings array");
  const files: HubFile[] = [];
  for (const sibling of body.siblings) {
    if (!isRecord(sibling) || typeof sibling.rfilename !== "string") continue;
    const lfs = isRecord(sibling.lfs) ? sibling.lfs : null;
    const size = asSize(lfs?.size) ?? asSize(sibling.size);
    if (size === null) throw new HubError("hub_error", `The hub's file listing gives no size for ${sibling.rfilename}`);
    const sha256 = asHex(lfs?.sha256, 64);
    files.push({ path: sibling.rfilename, size, sha256, gitBlobSha1: lfs ? null : asHex(sibling.blobId, 40) });
  }
  return { files, commit: typeof body.sha === "string" ? body.sha : null };
}

function parseModelScopeListing(body: unknown): HubListing {
  if (!isRecord(body)) throw new HubError("hub_error", "The hub's file listing is not a JSON object");
  if (body.Code !== 200 || !isRecord(body.Data) || !Array.isArray(body.Data.Files)) {
    const message = typeof body.Message === "string" ? body.Message.slice(0, 300) : "no message";
    throw new HubError("repo_not_found", `The hub returned no file list (code ${String(body.Code)}: ${message})`);
  }
  const files: HubFile[] = [];
  for (const entry of body.Data.Files) {
    if (!isRecord(entry) || entry.Type === "tree" || typeof entry.Path !== "string") continue;
    const size = asSize(entry.Size);
    if (size === null) throw new HubError("hub_error", `The hub's file listing gives no size for ${entry.Path}`);
    files.push({ path: entry.Path, size, sha256: asHex(entry.Sha256, 64), gitBlobSha1: null });
  }
  return { files, commit: null };
}

/** Fetches the repository's file list with sizes and checksums; raises HubError with a code for each failure. */
export async function listHubFiles(settings: HubSettings, policy: GuardedFetchPolicy, repoId: string, revision: string, signal?: AbortSignal): Promise<HubListing> {
  const response = await hubGet(listingUrl(settings, repoId, revision), settings, policy, { signal });
  const body = await readJsonBody(response, MAX_LISTING_BYTES);
  const listing = settings.source === "huggingface" ? parseHuggingFaceListing(body) : parseModelScopeListing(body);
  if (listing.files.length > MAX_FILES) throw new HubError("hub_error", `The repository lists ${listing.files.length} files, more than the ${MAX_FILES} Luodi downloads`);
  return listing;
}
