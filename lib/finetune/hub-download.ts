import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { fileUrl, type HubFile } from "./hub-api";
import { HubError, hubGet } from "./hub-fetch";
import type { SkipReason } from "./hub-files";
import type { HubSettings } from "./hub-ids";

/** Written into the model folder: what was downloaded from where, so a later registration can reuse the folder. */
export type DownloadManifest = {
  source: string;
  repoId: string;
  revision: string;
  commit: string | null;
  files: { path: string; size: number; sha256: string }[];
  skipped: { path: string; reason: SkipReason }[];
  completedAt: string | null;
};

export const MANIFEST_FILE = ".luodi-download.json";

export type DownloadTarget = {
  settings: HubSettings;
  policy: GuardedFetchPolicy;
  repoId: string;
  revision: string;
  signal?: AbortSignal;
  /** Called with the bytes on disk of all selected files, whenever a chunk is written. */
  onProgress: (downloadedBytes: number) => void;
};

export async function readManifest(folder: string): Promise<DownloadManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(folder, MANIFEST_FILE), "utf8")) as DownloadManifest;
  } catch {
    return null;
  }
}

/** True when a finished download in `folder` contains exactly these files, with the same sizes and checksums. */
export function manifestMatches(manifest: DownloadManifest | null, files: HubFile[]): boolean {
  if (!manifest?.completedAt || manifest.files.length !== files.length) return false;
  const byPath = new Map(manifest.files.map((entry) => [entry.path, entry]));
  return files.every((file) => {
    const entry = byPath.get(file.path);
    return entry !== undefined && entry.size === file.size && (file.sha256 === null || entry.sha256 === file.sha256);
  });
}

async function sizeOnDisk(file: string): Promise<number> {
  return stat(file).then((entry) => entry.size, () => 0);
}

/** Feeds the bytes already on disk into the hashes, so a resumed file is checked over its whole content. */
async function hashExisting(file: string, hashes: Hash[]): Promise<void> {
  for await (const chunk of createReadStream(file)) {
    for (const hash of hashes) hash.update(chunk as Buffer);
  }
}

function gitBlobHash(size: number): Hash {
  return createHash("sha1").update(`blob ${size}\0`);
}

/**
 * Downloads one file into `folder`, resuming from the bytes already there with an HTTP Range request, and
 * checks its size and the checksums the hub gave. Returns its SHA-256. A checksum mismatch raises
 * checksum_mismatch and leaves the bad file for the caller to remove.
 */
async function downloadFile(target: DownloadTarget, folder: string, file: HubFile, progress: (delta: number) => void): Promise<string> {
  const destination = path.join(folder, file.path);
  await mkdir(path.dirname(destination), { recursive: true });

  let offset = await sizeOnDisk(destination);
  if (offset > file.size) {
    await truncate(destination, 0);
    progress(-offset);
    offset = 0;
  }
  let sha256 = createHash("sha256");
  let gitSha1 = file.gitBlobSha1 ? gitBlobHash(file.size) : null;
  if (offset > 0) await hashExisting(destination, gitSha1 ? [sha256, gitSha1] : [sha256]);

  if (offset < file.size || file.size === 0) {
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const { response, touch, release } = await hubGet(fileUrl(target.settings, target.repoId, target.revision, file.path), target.settings, target.policy, { signal: target.signal, headers });
    try {
      if (response.status === 200 && offset > 0) {
        // The server ignored the Range header and sends the whole file, so start the file again.
        await truncate(destination, 0);
        progress(-offset);
        offset = 0;
        sha256 = createHash("sha256");
        gitSha1 = file.gitBlobSha1 ? gitBlobHash(file.size) : null;
      }
      if (response.status !== 416) await appendBody(response, destination, [sha256, gitSha1], touch, progress, file.size - offset);
      else await response.body?.cancel().catch(() => undefined);
    } finally {
      release();
    }
  }

  const written = await sizeOnDisk(destination);
  if (written !== file.size) throw new HubError("hub_error", `${file.path} is ${written} bytes after the download, but the hub lists ${file.size}; the download is retried`);
  const digest = sha256.digest("hex");
  if (file.sha256 && digest !== file.sha256) {
    throw new HubError("checksum_mismatch", `${file.path} has SHA-256 ${digest}, but the hub lists ${file.sha256}; the file is corrupt or the mirror serves other content`);
  }
  const blobDigest = gitSha1?.digest("hex");
  if (file.gitBlobSha1 && blobDigest !== file.gitBlobSha1) {
    throw new HubError("checksum_mismatch", `${file.path} has Git blob id ${blobDigest}, but the hub lists ${file.gitBlobSha1}; the file is corrupt or the mirror serves other content`);
  }
  return digest;
}

async function appendBody(response: Response, destination: string, hashes: (Hash | null)[], touch: () => void, progress: (delta: number) => void, remaining: number): Promise<void> {
  const handle = await open(destination, "a");
  try {
    const reader = response.body?.getReader();
    if (!reader) return;
    let received = 0;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw error instanceof HubError ? error : new HubError("unreachable", `The connection to the hub broke during the download: ${error instanceof Error ? error.message : "unknown error"}`);
      }
      if (chunk.done) break;
      touch();
      received += chunk.value.byteLength;
      if (received > remaining) {
        await reader.cancel();
        throw new HubError("hub_error", `The hub sent more bytes than the listed size of ${path.basename(destination)}`);
      }
      await handle.write(chunk.value);
      for (const hash of hashes) hash?.update(chunk.value);
      progress(chunk.value.byteLength);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Downloads the selected files into `partialFolder`, skipping files a previous attempt finished (listed in
 * the manifest there) and resuming partial ones. Writes the manifest after each file, so a killed worker
 * resumes where it stopped. Returns the finished manifest.
 */
export async function downloadIntoFolder(target: DownloadTarget, partialFolder: string, files: HubFile[], base: Omit<DownloadManifest, "files" | "completedAt">): Promise<DownloadManifest> {
  await mkdir(partialFolder, { recursive: true });
  const previous = await readManifest(partialFolder);
  const done = new Map((previous?.files ?? []).map((entry) => [entry.path, entry]));
  const manifest: DownloadManifest = { ...base, files: [], completedAt: null };

  let downloaded = 0;
  for (const file of files) downloaded += Math.min(file.size, await sizeOnDisk(path.join(partialFolder, file.path)));
  target.onProgress(downloaded);
  const progress = (delta: number) => {
    downloaded += delta;
    target.onProgress(downloaded);
  };

  for (const file of files) {
    const finished = done.get(file.path);
    const onDisk = await sizeOnDisk(path.join(partialFolder, file.path));
    const reusable = finished && finished.size === file.size && onDisk === file.size && (file.sha256 === null || finished.sha256 === file.sha256);
    const sha256 = reusable ? finished.sha256 : await downloadFile(target, partialFolder, file, progress);
    manifest.files.push({ path: file.path, size: file.size, sha256 });
    await writeManifest(partialFolder, manifest);
  }

  manifest.completedAt = new Date().toISOString();
  await writeManifest(partialFolder, manifest);
  return manifest;
}

async function writeManifest(folder: string, manifest: DownloadManifest): Promise<void> {
  const file = path.join(folder, MANIFEST_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(manifest, null, 2));
  await rename(`${file}.tmp`, file);
}

/** Moves the finished partial folder to its final name, replacing an older download there. */
export async function publishFolder(partialFolder: string, finalFolder: string): Promise<void> {
  const replaced = `${finalFolder}.replaced-${Date.now()}`;
  const hadOld = await stat(finalFolder).then(() => true, () => false);
  if (hadOld) await rename(finalFolder, replaced);
  await rename(partialFolder, finalFolder);
  if (hadOld) await rm(replaced, { recursive: true, force: true });
}
