import { AppError, type ErrorCode } from "@/lib/errors";
import { HEIC_DECODABLE } from "./heic-support";

/**
 * Errors of the media upload. Each one names the file, the reason (`media.<reason>`, translated by the
 * console from messages/<locale>/media.json) and the fix; the upload stores nothing for a rejected file.
 */
function rejectFile(code: ErrorCode, reason: string, message: string, params: Record<string, string | number>): AppError {
  return new AppError(code, message, { reason: `media.${reason}`, params });
}

/** Formats a number for the English API message with thousands separators, such as 100,000,000. */
function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/**
 * Rounds an audio duration for messages: one decimal under a minute, whole seconds above. When that
 * rounding would not exceed the limit (6.004 s against a 6 s limit), up to three decimals are kept, so the
 * shown duration is always larger than the limit it broke.
 */
export function roundDurationForMessage(seconds: number, limitSeconds: number): number {
  const rounded = seconds < 60 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
  if (rounded > limitSeconds) return rounded;
  return Math.round(seconds * 1000) / 1000;
}

export const mediaRejections = {
  emptyFile: (filename: string) =>
    rejectFile("INVALID_INPUT", "empty_file", `"${filename}" is empty (0 bytes); choose the file again or export it again from its source`, { filename }),

  tooLarge: (filename: string, limitMb: number) =>
    rejectFile("TOO_LARGE", "file_too_large", `"${filename}" is larger than the ${limitMb} MiB limit for media files (LUODI_MEDIA_MAX_MB); shrink or compress it and upload again`, {
      filename,
      limitMb,
    }),

  svg: (filename: string) =>
    rejectFile("INVALID_INPUT", "svg_rejected", `"${filename}" is an SVG drawing, and SVG files are not accepted because they can carry scripts; export it as PNG and upload that`, {
      filename,
    }),

  // The HEIC parameter is "yes" or "no", for the catalogue's select, because HEIC is offered only where sharp decodes it.
  unsupportedType: (filename: string, detected: string, heicDecodable = HEIC_DECODABLE) =>
    rejectFile(
      "INVALID_INPUT",
      "unsupported_type",
      `"${filename}" contains ${detected} data, which is not an accepted media type; upload ${heicDecodable ? "JPEG, PNG, WebP, GIF, TIFF or HEIC" : "JPEG, PNG, WebP, GIF or TIFF"} images, or WAV, MP3 or M4A audio`,
      { filename, detected, heic: heicDecodable ? "yes" : "no" },
    ),

  wrongExtension: (filename: string, mismatch: { extension: string; namedType: string }, contentType: string, fixExtension: string) =>
    rejectFile(
      "INVALID_INPUT",
      "wrong_extension",
      `"${filename}" is named ${mismatch.extension} (${mismatch.namedType}) but contains ${contentType} data; rename it to ${fixExtension} and upload it again`,
      { filename, extension: mismatch.extension, namedType: mismatch.namedType, type: contentType, fixExtension },
    ),

  heicNotDecodable: (filename: string) =>
    rejectFile("INVALID_INPUT", "heic_unsupported", `"${filename}" is a HEIC image, and HEIC cannot be decoded here; convert it to JPEG and upload that`, { filename }),

  imageInvalid: (filename: string, type: string) =>
    rejectFile(
      "INVALID_INPUT",
      "image_invalid",
      `"${filename}" starts like a ${type} image but cannot be decoded: it is truncated or corrupt; export or download it again and upload the complete file`,
      { filename, type },
    ),

  tooManyPixels: (filename: string, width: number, height: number, limit: number) =>
    rejectFile(
      "TOO_LARGE",
      "too_many_pixels",
      `"${filename}" declares ${formatNumber(width)} x ${formatNumber(height)} pixels, more than the limit of ${formatNumber(limit)} pixels (LUODI_MEDIA_MAX_PIXELS); resize it and upload again`,
      { filename, width, height, limit },
    ),

  audioInvalid: (filename: string, type: string) =>
    rejectFile("INVALID_INPUT", "audio_invalid", `"${filename}" starts like ${type} audio but its length cannot be read: it is truncated or corrupt; export it again and upload the complete file`, {
      filename,
      type,
    }),

  /** `exactSeconds` is the decoded duration; the message and `seconds` parameter carry it rounded by roundDurationForMessage. */
  audioTooLong: (filename: string, exactSeconds: number, limitSeconds: number) => {
    const seconds = roundDurationForMessage(exactSeconds, limitSeconds);
    return rejectFile(
      "TOO_LARGE",
      "audio_too_long",
      `"${filename}" is ${formatNumber(seconds)} seconds long, more than the limit of ${formatNumber(limitSeconds)} seconds (LUODI_MEDIA_MAX_AUDIO_SECONDS); cut it into shorter files and upload those`,
      { filename, seconds, limitSeconds },
    );
  },
};

/** Request-level errors of the media API, beyond those of single files. */
export const mediaRequestErrors = {
  notMultipart: () =>
    new AppError("INVALID_INPUT", "Send the files as multipart/form-data, one `file` part per file", { reason: "media.not_multipart" }),

  noFiles: () => new AppError("INVALID_INPUT", "The request contains no files; add at least one `file` part", { reason: "media.no_files" }),

  tooManyFiles: (limit: number) =>
    new AppError("INVALID_INPUT", `Send at most ${limit} files per request; split the upload into several requests`, { reason: "media.too_many_files", params: { limit } }),

  requestTooLarge: (limitMb: number) =>
    new AppError("TOO_LARGE", `The request is larger than ${limitMb} MiB; send fewer files per request`, { reason: "media.request_too_large", params: { limitMb } }),

  invalidCursor: () => new AppError("INVALID_INPUT", "The cursor is invalid; pass nextCursor from the previous page unchanged", { reason: "media.invalid_cursor" }),

  notFound: (id: string) => new AppError("NOT_FOUND", `Media file ${id} was not found in this workspace`, { reason: "media.not_found", params: { id } }),

  fileNotReady: (id: string, variant: string, status: string) =>
    new AppError("CONFLICT", `The ${variant} of media file ${id} is not available: the file is ${status}; wait until it is ready`, {
      reason: "media.file_not_ready",
      params: { id, variant, status },
    }),
};

/** One rejected item of a batch: a file named by `filename`, or a URL named by `url`. */
export type BatchFailure = ({ filename: string } | { url: string }) & { error: AppError };

/**
 * Builds the error of a batch whose items were all rejected: the item's own error for a batch of one, else
 * `reason` with one `details` entry per item, so the console can name each file or URL and its reason.
 */
export function allRejectedError(failures: BatchFailure[], noun: "files" | "URLs", reason: "media.all_rejected" | "media.all_urls_rejected"): AppError {
  const [only] = failures;
  if (failures.length === 1 && only) return only.error;

  const details = failures.map(({ error, ...item }) => ({ ...item, code: error.code, message: error.publicMessage, reason: error.options.reason, params: error.options.params }));
  return new AppError("INVALID_INPUT", `None of the ${failures.length} ${noun} was stored: ${failures.map(({ error }) => error.publicMessage).join("; ")}`, {
    reason,
    params: { count: failures.length },
    details,
  });
}
