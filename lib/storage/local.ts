import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "@/lib/env";

/**
 * Local object storage under LUODI_DATA_DIR/storage. Web and worker run on one host and share the data
 * folder, so a key written by one process is readable by the other. Keys are generated here, never taken
 * from users, so no path a user supplies reaches the file system.
 */

export type StoredBlob = { key: string; size: number; sha256: string };

/** Raised when a stream is longer than the caller allows; nothing is left on disk. */
export class BlobTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The upload is larger than the limit of ${limitBytes} bytes`);
    this.name = "BlobTooLargeError";
  }
}

export function storageRoot(): string {
  return path.resolve(env().LUODI_DATA_DIR, "storage");
}

/** Absolute path of a key. Keys are `<folder>/<uuid><ext>`, made by newKey. */
export function pathOfKey(key: string, root = storageRoot()): string {
  if (!/^[a-z-]+\/[0-9a-f-]{36}(\.[a-z0-9]{1,8})?$/.test(key)) throw new Error(`Invalid storage key: ${key}`);
  return path.join(root, key);
}

export function newKey(folder: string, extension = ""): string {
  const safeExtension = /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : "";
  return `${folder}/${randomUUID()}${safeExtension}`;
}

/**
 * Streams `source` into a new blob, hashing as it goes, and stops with BlobTooLargeError past `limitBytes`.
 * Bytes go to a temporary name first, so a reader never sees a half-written file.
 */
export async function writeBlob(
  source: Readable | AsyncIterable<Uint8Array>,
  options: { folder: string; extension?: string; limitBytes: number; root?: string },
): Promise<StoredBlob> {
  const key = newKey(options.folder, options.extension);
  const finalPath = pathOfKey(key, options.root);
  const partialPath = `${finalPath}.partial`;
  await mkdir(path.dirname(finalPath), { recursive: true });

  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.limitBytes) {
        callback(new BlobTooLargeError(options.limitBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });

  try {
    await pipeline(source, meter, createWriteStream(partialPath));
    await rename(partialPath, finalPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
  return { key, size, sha256: hash.digest("hex") };
}

export function readBlob(key: string, root?: string): ReadStream {
  return createReadStream(pathOfKey(key, root));
}

export async function blobExists(key: string, root?: string): Promise<boolean> {
  try {
    await stat(pathOfKey(key, root));
    return true;
  } catch {
    return false;
  }
}

export async function removeBlob(key: string, root?: string): Promise<void> {
  await rm(pathOfKey(key, root), { force: true });
}
