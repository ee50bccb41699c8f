import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { AppError, isAppError } from "@/lib/errors";
import { deleteMediaAsset, listMediaAssets, listMediaTags, readMediaAsset, updateMediaAsset } from "@/lib/media/assets";
import { mediaFileResponse, type MediaVariant } from "@/lib/media/files";
import { MAX_FILES_PER_REQUEST, mediaLimits } from "@/lib/media/limits";
import { allRejectedError } from "@/lib/media/rejections";
import { readUploadedFiles } from "@/lib/media/multipart";
import { mediaListQuery, mediaUpdateInput } from "@/lib/media/schemas";
import { storeMediaFile } from "@/lib/media/upload";
import { addMediaFromUrlRoute } from "@/lib/media/from-url-route";
import { defineRoute, type AnyRouteDefinition } from "../route";
import { mediaResource, mediaSummaryResource, mediaTagResource, mediaUploadResultResource, toMediaSummaryView, toMediaView } from "./media-schemas";

const TAG = "Media";

const assetParams = z.object({ assetId: z.string().min(1).max(100).describe("Media file id") });

type UploadResult = z.infer<typeof mediaUploadResultResource>["files"][number];

export const uploadMediaRoute = defineRoute({
  method: "POST",
  path: "/media",
  operationId: "uploadMedia",
  summary: "Upload images and audio",
  description:
    "Stores images (JPEG, PNG, WebP, GIF, TIFF, and HEIC where this server can decode it) and audio (WAV, MP3, M4A) sent as " +
    `multipart/form-data, one file part each, at most ${MAX_FILES_PER_REQUEST} per request. The type is read from the content, never ` +
    "the file name, and a file whose extension names another type (PNG content in png_named.mp3) is rejected with reason " +
    "media.wrong_extension; equivalent spellings such as .jpg and .jpeg match. Each file may be at most LUODI_MEDIA_MAX_MB, " +
    "an image at most LUODI_MEDIA_MAX_PIXELS pixels (read from its header before decoding) and audio at most " +
    "LUODI_MEDIA_MAX_AUDIO_SECONDS long; SVG is never accepted. Files are keyed by SHA-256: bytes the workspace already has return the " +
    "existing file with `duplicate: true`. Each file has its own outcome; a rejected file (status rejected, with `error`) stores nothing. " +
    "When every file is rejected the request fails: with that file's error for one file, else INVALID_INPUT with reason " +
    "media.all_rejected and one `details` entry (filename, code, message, reason, params) per file. A worker then makes the derived copy and thumbnail (status processing, then ready or failed).",
  tag: TAG,
  permission: "media.write",
  rawBody: { contentType: "multipart/form-data", description: "One part per file; the part's filename is kept as originalName." },
  response: mediaUploadResultResource,
  successStatus: 201,
  errors: ["TOO_LARGE"],
  async handler({ actor, db, enqueue, meta, request }) {
    const limits = mediaLimits();
    const files = await readUploadedFiles(request, limits);

    const results: UploadResult[] = [];
    const failures: { filename: string; error: AppError }[] = [];
    for (const file of files) {
      try {
        const stored = await storeMediaFile(db, enqueue, actor, file, limits);
        if (!stored.duplicate) {
          const changes = { originalName: stored.asset.originalName, mimeType: stored.asset.mimeType, bytes: stored.asset.bytes, sha256: stored.asset.sha256 };
          await recordAudit(db, actor, meta, { action: "media.upload", targetType: "media", targetId: stored.asset.id, changes });
        }
        const status = stored.duplicate ? "duplicate" : "created";
        results.push({ filename: stored.asset.originalName, status, duplicate: stored.duplicate, asset: toMediaSummaryView(stored.asset), note: stored.note, error: null });
      } catch (error) {
        if (!isAppError(error)) throw error;
        failures.push({ filename: file.filename, error });
        const failure = { code: error.code, message: error.publicMessage, reason: error.options.reason ?? null, params: error.options.params ?? {} };
        results.push({ filename: file.filename, status: "rejected", duplicate: false, asset: null, note: null, error: failure });
      }
    }

    if (failures.length === files.length) throw allRejectedError(failures, "files", "media.all_rejected");
    return { data: { files: results } };
  },
});


export const listMediaRoute = defineRoute({
  method: "GET",
  path: "/media",
  operationId: "listMedia",
  summary: "List media files",
  description:
    "Lists the workspace's images and audio, newest first, filtered by kind, tag, upload time, status, whether OCR found text, and `q`: a " +
    "case-insensitive substring of the OCR text, caption, transcript or file name. Pass nextCursor as `cursor` for the next page.",
  tag: TAG,
  permission: "console.read",
  query: mediaListQuery,
  response: z.array(mediaSummaryResource),
  paginated: true,
  cursorParameter: "cursor",
  async handler({ actor, db, query }) {
    const { assets, nextCursor } = await listMediaAssets(db, actor, query);
    return { data: assets.map(toMediaSummaryView), nextCursor };
  },
});

export const listMediaTagsRoute = defineRoute({
  method: "GET",
  path: "/media/tags",
  operationId: "listMediaTags",
  summary: "List media tags",
  description: "Lists the tags of the workspace's media files with how many files carry each, most used first (at most 500).",
  tag: TAG,
  permission: "console.read",
  response: z.array(mediaTagResource),
  async handler({ actor, db }) {
    return { data: await listMediaTags(db, actor) };
  },
});

export const getMediaRoute = defineRoute({
  method: "GET",
  path: "/media/{assetId}",
  operationId: "getMedia",
  summary: "Get a media file",
  description: "Returns one file's details: processing status, size, tags, caption, OCR text with boxes, and transcript.",
  tag: TAG,
  permission: "console.read",
  params: assetParams,
  response: mediaResource,
  async handler({ actor, db, params }) {
    return { data: toMediaView(await readMediaAsset(db, actor, params.assetId)) };
  },
});

export const updateMediaRoute = defineRoute({
  method: "PATCH",
  path: "/media/{assetId}",
  operationId: "updateMedia",
  summary: "Edit a media file's tags or caption",
  description: "Replaces the tags (trimmed, duplicates dropped, at most 50 of 50 characters each) or the caption; omitted fields stay.",
  tag: TAG,
  permission: "media.write",
  params: assetParams,
  body: mediaUpdateInput,
  response: mediaResource,
  async handler({ actor, db, params, body }) {
    const { asset, audit } = await updateMediaAsset(db, actor, params.assetId, body);
    return { data: toMediaView(asset), audit };
  },
});

export const deleteMediaRoute = defineRoute({
  method: "DELETE",
  path: "/media/{assetId}",
  operationId: "deleteMedia",
  summary: "Delete a media file",
  description: "Deletes the file's original, derived copy and thumbnail. Uploading the same bytes later creates it again, under the same id.",
  tag: TAG,
  permission: "media.write",
  params: assetParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { audit } = await deleteMediaAsset(db, actor, params.assetId);
    return { data: { id: params.assetId, deleted: true as const }, audit };
  },
});

const fileQuery = z.object({
  download: z.enum(["true", "false"]).transform((value) => value === "true").optional().describe("true: send as an attachment instead of inline"),
});

const variantDescriptions: Record<MediaVariant, { summary: string; description: string; contentTypes: string[] }> = {
  original: {
    summary: "Download a media file's original",
    description: "Streams the bytes as uploaded, with the sniffed content type. Supports a single byte Range, for seeking in audio.",
    contentTypes: ["image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff", "image/heic", "audio/wav", "audio/mpeg", "audio/mp4"],
  },
  derived: {
    summary: "Download an image's derived copy",
    description:
      "Streams the upright copy (EXIF orientation applied) without any metadata, GPS included: JPEG, or PNG for images with transparency. " +
      "OCR boxes are in this copy's pixels. CONFLICT (reason media.file_not_ready) while the image is still processing.",
    contentTypes: ["image/jpeg", "image/png"],
  },
  thumbnail: {
    summary: "Download an image's thumbnail",
    description: "Streams a WebP thumbnail whose longer edge is at most 320 pixels. CONFLICT (reason media.file_not_ready) while processing.",
    contentTypes: ["image/webp"],
  },
};

function fileRoute(variant: MediaVariant, operationId: string) {
  const spec = variantDescriptions[variant];
  return defineRoute({
    method: "GET",
    path: `/media/{assetId}/${variant}`,
    operationId,
    summary: spec.summary,
    description: `${spec.description} Every response carries X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy.`,
    tag: TAG,
    permission: "console.read",
    params: assetParams,
    query: fileQuery,
    file: { contentTypes: spec.contentTypes, description: `The ${variant} file` },
    errors: variant === "original" ? [] : ["CONFLICT"],
    async handler({ actor, db, params, query, request }) {
      const asset = await readMediaAsset(db, actor, params.assetId);
      return { response: await mediaFileResponse(asset, variant, request, { download: query.download }) };
    },
  });
}

export const getMediaOriginalRoute = fileRoute("original", "getMediaOriginal");
export const getMediaDerivedRoute = fileRoute("derived", "getMediaDerived");
export const getMediaThumbnailRoute = fileRoute("thumbnail", "getMediaThumbnail");

export const mediaRoutes: readonly AnyRouteDefinition[] = [
  uploadMediaRoute,
  addMediaFromUrlRoute,
  listMediaRoute,
  listMediaTagsRoute,
  getMediaRoute,
  updateMediaRoute,
  deleteMediaRoute,
  getMediaOriginalRoute,
  getMediaDerivedRoute,
  getMediaThumbnailRoute,
];
