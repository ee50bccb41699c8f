import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { MediaAsset } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { pathOfKey } from "@/lib/storage/local";
import { mediaRequestErrors } from "./rejections";

export const MEDIA_VARIANTS = ["original", "derived", "thumbnail"] as const;
export type MediaVariant = (typeof MEDIA_VARIANTS)[number];

const CONTENT_TYPES_BY_EXTENSION: Record<string, string> = { ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp" };

type StoredVariant = { key: string; contentType: string; filename: string };

/** Storage key, content type and download name of one variant; CONFLICT while it is not made yet. */
function storedVariant(asset: MediaAsset, variant: MediaVariant): StoredVariant {
  if (variant === "original") return { key: asset.storageKey, contentType: asset.mimeType, filename: asset.originalName };

  const key = variant === "derived" ? asset.derivedKey : asset.thumbnailKey;
  if (!key) {
    if (asset.kind === "audio") throw new AppError("NOT_FOUND", `Media file ${asset.id} is audio and has no ${variant}; fetch the original`, { reason: "media.no_variant", params: { variant } });
    throw mediaRequestErrors.fileNotReady(asset.id, variant, asset.status);
  }
  const extension = path.extname(key);
  const stem = path.parse(asset.originalName).name || "media";
  return { key, contentType: CONTENT_TYPES_BY_EXTENSION[extension] ?? "application/octet-stream", filename: `${stem}-${variant}${extension}` };
}

/** A Content-Disposition value (RFC 6266) with an ASCII fallback name and the exact UTF-8 name (RFC 8187). */
export function contentDisposition(type: "inline" | "attachment", filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

type ByteRange = { start: number; end: number };

/**
 * Parses a single-range Range header ("bytes=0-99", "bytes=100-", "bytes=-500"), which audio players
 * send to seek. Returns null for no header or a multi-range request (answered with the whole file), and
 * "unsatisfiable" for a range outside the file.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return "unsatisfiable";

  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/**
 * Builds the response that serves one variant of an asset, with its content type, Content-Disposition
 * (inline, or attachment when `download` is set) and headers that stop browsers from sniffing the
 * content or running anything in it.
 */
export async function mediaFileResponse(asset: MediaAsset, variant: MediaVariant, request: Request, options: { download?: boolean } = {}): Promise<Response> {
  const stored = storedVariant(asset, variant);
  const filePath = pathOfKey(stored.key);
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch {
    throw new AppError("NOT_FOUND", `The ${variant} of media file ${asset.id} is missing from storage; upload the file again`, {
      reason: "media.file_missing",
      params: { variant },
    });
  }

  const headers = new Headers({
    "content-type": stored.contentType,
    "content-disposition": contentDisposition(options.download ? "attachment" : "inline", stored.filename),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    // Private because every file belongs to one workspace; short so a deleted file soon leaves browser caches.
    "cache-control": "private, max-age=300",
    "accept-ranges": "bytes",
  });

  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }

  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers.set("content-length", String(end - start + 1));
  if (range) headers.set("content-range", `bytes ${start}-${end}/${size}`);
  const body = Readable.toWeb(createReadStream(filePath, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: range ? 206 : 200, headers });
}
