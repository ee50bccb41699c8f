import { parseBuffer } from "music-metadata";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { findExtensionMismatch } from "./extension-check";
import type { MediaLimits } from "./limits";
import { mediaRejections } from "./rejections";
import { sniffMediaType, type MediaType } from "./sniff";
import { isCompleteWav } from "./wav-header";

/** A remark on an accepted file, such as an extension that does not match the content. */
export type UploadNote = { reason: string; message: string; params: Record<string, string | number> };

export type InspectedMedia = {
  type: MediaType;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  note: UploadNote | null;
};

/**
 * What to do with a file whose extension names another known type than its content: "reject" for uploads,
 * "note" for URL imports, which accept by content and only add a note.
 */
export type ExtensionPolicy = "reject" | "note";

/**
 * Checks one uploaded file before anything is stored: size, type by content, the extension against that
 * type, then for images the declared pixel count (from the header, before decoding) and a full decode,
 * for audio the header and the duration. Throws the AppError of the first failed check.
 */
export async function inspectMediaFile(filename: string, bytes: Buffer, limits: MediaLimits, extensionPolicy: ExtensionPolicy = "reject"): Promise<InspectedMedia> {
  if (bytes.length === 0) throw mediaRejections.emptyFile(filename);
  if (bytes.length > limits.maxFileBytes) throw mediaRejections.tooLarge(filename, Math.floor(limits.maxFileBytes / 1024 / 1024));

  const sniffed = sniffMediaType(bytes);
  if (!sniffed.accepted) {
    if (sniffed.detected === "svg") throw mediaRejections.svg(filename);
    throw mediaRejections.unsupportedType(filename, sniffed.label);
  }

  const type = sniffed.type;
  const mismatch = findExtensionMismatch(filename, type);
  if (mismatch && extensionPolicy === "reject") throw mediaRejections.wrongExtension(filename, mismatch, type.label, type.extension);
  const note = mismatch ? extensionNote(filename, mismatch.extension, type) : null;
  if (type.kind === "audio") {
    const durationMs = await readAudioDuration(filename, bytes, type, limits);
    return { type, width: null, height: null, durationMs, note };
  }

  const { width, height } = await checkImage(filename, bytes, type, limits);
  return { type, width, height, durationMs: null, note };
}

/** Options for every sharp decode of an upload: the pixel limit, and failure on truncated data. */
export function decodeOptions(maxPixels: number): SharpOptions {
  return { limitInputPixels: maxPixels, failOn: "truncated" };
}

async function checkImage(filename: string, bytes: Buffer, type: MediaType, limits: MediaLimits) {
  const undecodable = () => (type.mimeType === "image/heic" ? mediaRejections.heicNotDecodable(filename) : mediaRejections.imageInvalid(filename, type.label));

  // metadata() reads only the header. The pixel limit is off here so that the declared size comes back
  // and the check below can name it, instead of sharp's generic "exceeds pixel limit".
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw undecodable();
  }
  const { width, height } = metadata;
  if (!width || !height) throw undecodable();
  if (width * height > limits.maxPixels) throw mediaRejections.tooManyPixels(filename, width, height, limits.maxPixels);

  // A header can be intact while the data after it is cut off, so the whole image is decoded once. The
  // small resize keeps memory low; libvips still reads every scanline, so truncation is detected.
  try {
    await sharp(bytes, decodeOptions(limits.maxPixels)).resize(64, 64, { fit: "inside" }).raw().toBuffer();
  } catch {
    throw undecodable();
  }

  // EXIF orientations 5 to 8 rotate by 90 degrees, so the upright image swaps width and height.
  const upright = metadata.autoOrient ?? { width, height };
  return { width: upright.width, height: upright.height };
}

/**
 * Reads the duration of audio and rejects a file music-metadata cannot parse, one without a positive
 * duration, and a WAV whose chunks declare more bytes than it has. The limit is compared with the exact
 * duration, and only the message rounds it.
 */
async function readAudioDuration(filename: string, bytes: Buffer, type: MediaType, limits: MediaLimits): Promise<number> {
  if (type.mimeType === "audio/wav" && !isCompleteWav(bytes)) throw mediaRejections.audioInvalid(filename, type.label);

  let seconds: number | undefined;
  try {
    const metadata = await parseBuffer(bytes, { mimeType: type.mimeType, size: bytes.length }, { duration: true, skipCovers: true });
    seconds = metadata.format.duration;
  } catch {
    throw mediaRejections.audioInvalid(filename, type.label);
  }
  // A duration under half a millisecond would be stored as 0 ms, so it counts as missing too.
  if (seconds === undefined || !Number.isFinite(seconds) || Math.round(seconds * 1000) <= 0) throw mediaRejections.audioInvalid(filename, type.label);
  if (seconds > limits.maxAudioSeconds) throw mediaRejections.audioTooLong(filename, seconds, limits.maxAudioSeconds);
  return Math.round(seconds * 1000);
}

/** Builds the note of a URL import whose extension names another type than its content. */
function extensionNote(filename: string, extension: string, type: MediaType): UploadNote {
  return {
    reason: "media.extension_mismatch",
    message: `"${filename}" is named ${extension} but contains ${type.label} data; it was stored as ${type.mimeType}`,
    params: { filename, extension, type: type.label },
  };
}
