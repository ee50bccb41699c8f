import { z } from "zod";
import type { MediaAsset } from "@/lib/db/generated/client";

/*
 * Wire shapes of the media API and the functions that build them from rows. Dates are ISO 8601 strings.
 * File URLs are paths below the server's origin, served by the media file routes.
 */

const dateTime = z.iso.datetime();
const count = z.number().int().min(0);

const ocrPoint = z.tuple([z.number(), z.number()]);
export const ocrBoxResource = z
  .object({
    text: z.string(),
    confidence: z.number().describe("Recognition confidence, 0 to 1"),
    box: z.array(ocrPoint).describe("Four corners [x, y] in derived-copy pixels, clockwise from the top left"),
  })
  .meta({ id: "OcrBox", description: "One line of recognised text and where it is in the derived copy" });

const mediaFields = {
  id: z.string(),
  kind: z.enum(["image", "audio"]),
  mimeType: z.string().describe("Type sniffed from the content, such as image/jpeg or audio/mpeg"),
  bytes: count.describe("Size of the original in bytes"),
  sha256: z.string().describe("SHA-256 of the original, hex; unique per workspace"),
  originalName: z.string(),
  width: count.nullable().describe("Pixels, upright (EXIF orientation applied); null for audio"),
  height: count.nullable(),
  durationMs: count.nullable().describe("Audio length in milliseconds; null for images"),
  tags: z.array(z.string()),
  caption: z.string().nullable(),
  status: z.string().describe("processing, ready, or failed with `error`"),
  error: z.string().nullable(),
  ocrStatus: z.string().describe("none, queued, running, done or failed"),
  hasText: z.boolean().describe("True when OCR found text"),
  transcriptStatus: z.string().describe("none, queued, running, done or failed"),
  usedInDatasetIds: z.array(z.string()).describe("Datasets that rows made from this file were added to"),
  uploadedById: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  urls: z
    .object({
      original: z.string(),
      derived: z.string().nullable().describe("Upright copy without metadata; null until processed and for audio"),
      thumbnail: z.string().nullable().describe("WebP thumbnail, at most 320 px; null until processed and for audio"),
    })
    .describe("Paths of the file routes"),
};

export const mediaSummaryResource = z
  .object({ ...mediaFields, ocrTextPreview: z.string().nullable().describe("The first 200 characters of the OCR text") })
  .meta({ id: "MediaSummary", description: "A media file as the gallery lists it" });

export const mediaResource = z
  .object({
    ...mediaFields,
    ocrText: z.string().nullable(),
    ocrBoxes: z.array(ocrBoxResource).nullable(),
    ocrConfidence: z.number().nullable(),
    ocrError: z.string().nullable(),
    transcript: z.string().nullable(),
    transcriptError: z.string().nullable(),
  })
  .meta({ id: "Media", description: "An uploaded image or audio file with its processing and OCR results" });

const uploadNoteResource = z.object({ reason: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const mediaUploadResultResource = z
  .object({
    files: z.array(
      z.object({
        filename: z.string(),
        status: z.enum(["created", "duplicate", "rejected"]),
        duplicate: z.boolean().describe("True when the workspace already had these bytes; `asset` is the existing one"),
        asset: mediaSummaryResource.nullable(),
        note: uploadNoteResource.nullable().describe("A remark on an accepted file, such as an extension that does not match its content"),
        error: z
          .object({ code: z.string(), message: z.string(), reason: z.string().nullable(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
          .nullable()
          .describe("Why the file was rejected; nothing was stored for it"),
      }),
    ),
  })
  .meta({ id: "MediaUploadResult", description: "The outcome of each uploaded file, in the order sent" });

export const mediaTagResource = z.object({ tag: z.string(), count }).meta({ id: "MediaTag", description: "A tag and how many files carry it" });

function fileUrl(asset: MediaAsset, variant: string): string {
  return `/api/v1/media/${encodeURIComponent(asset.id)}/${variant}`;
}

function baseView(asset: MediaAsset) {
  return {
    id: asset.id,
    kind: asset.kind,
    mimeType: asset.mimeType,
    bytes: asset.bytes,
    sha256: asset.sha256,
    originalName: asset.originalName,
    width: asset.width,
    height: asset.height,
    durationMs: asset.durationMs,
    tags: asset.tags,
    caption: asset.caption,
    status: asset.status,
    error: asset.error,
    ocrStatus: asset.ocrStatus,
    hasText: Boolean(asset.ocrText && asset.ocrText.trim()),
    transcriptStatus: asset.transcriptStatus,
    usedInDatasetIds: asset.usedInDatasetIds,
    uploadedById: asset.uploadedById,
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
    urls: {
      original: fileUrl(asset, "original"),
      derived: asset.derivedKey ? fileUrl(asset, "derived") : null,
      thumbnail: asset.thumbnailKey ? fileUrl(asset, "thumbnail") : null,
    },
  };
}

export function toMediaSummaryView(asset: MediaAsset): z.infer<typeof mediaSummaryResource> {
  return { ...baseView(asset), ocrTextPreview: asset.ocrText ? asset.ocrText.slice(0, 200) : null };
}

export function toMediaView(asset: MediaAsset): z.infer<typeof mediaResource> {
  return {
    ...baseView(asset),
    ocrText: asset.ocrText,
    ocrBoxes: parseOcrBoxes(asset.ocrBoxes),
    ocrConfidence: asset.ocrConfidence,
    ocrError: asset.ocrError,
    transcript: asset.transcript,
    transcriptError: asset.transcriptError,
  };
}

/** Keeps the well-formed boxes of the stored JSON, so one bad entry cannot break the detail view. */
function parseOcrBoxes(value: unknown): z.infer<typeof ocrBoxResource>[] | null {
  if (!Array.isArray(value)) return null;
  const boxes = value.map((entry) => ocrBoxResource.safeParse(entry)).filter((result) => result.success);
  return boxes.map((result) => result.data);
}
