/**
 * Detects a media file's type from its first bytes (magic numbers), never from its name. The upload
 * accepts only the types in MEDIA_TYPES, and names what it found for anything else.
 */

export type MediaKindName = "image" | "audio";

export type MediaType = {
  mimeType: string;
  kind: MediaKindName;
  /** Name shown in messages, such as "JPEG". */
  label: string;
  /** Extension the stored original gets, and the extensions a correctly named file may carry. */
  extension: string;
  extensions: readonly string[];
};

export const MEDIA_TYPES = {
  jpeg: { mimeType: "image/jpeg", kind: "image", label: "JPEG", extension: ".jpg", extensions: [".jpg", ".jpeg", ".jpe", ".jfif"] },
  png: { mimeType: "image/png", kind: "image", label: "PNG", extension: ".png", extensions: [".png"] },
  webp: { mimeType: "image/webp", kind: "image", label: "WebP", extension: ".webp", extensions: [".webp"] },
  gif: { mimeType: "image/gif", kind: "image", label: "GIF", extension: ".gif", extensions: [".gif"] },
  tiff: { mimeType: "image/tiff", kind: "image", label: "TIFF", extension: ".tif", extensions: [".tif", ".tiff"] },
  heic: { mimeType: "image/heic", kind: "image", label: "HEIC", extension: ".heic", extensions: [".heic", ".heif"] },
  wav: { mimeType: "audio/wav", kind: "audio", label: "WAV", extension: ".wav", extensions: [".wav", ".wave"] },
  mp3: { mimeType: "audio/mpeg", kind: "audio", label: "MP3", extension: ".mp3", extensions: [".mp3"] },
  m4a: { mimeType: "audio/mp4", kind: "audio", label: "M4A", extension: ".m4a", extensions: [".m4a", ".mp4", ".aac"] },
} as const satisfies Record<string, MediaType>;

export type MediaTypeKey = keyof typeof MEDIA_TYPES;

/** Sniffing result: an accepted type, or the name of a type the upload rejects. */
export type SniffResult =
  | { accepted: true; type: MediaType }
  | { accepted: false; detected: "svg" | "html" | "pdf" | "avif" | "video" | "zip" | "text" | "unknown"; label: string };

/** Bytes the sniffer needs at most; callers may pass more. */
export const SNIFF_BYTES = 4096;

// ISO base media file brands (the `ftyp` box at offset 4) that mark HEIC/HEIF still images and M4A audio.
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);
const M4A_BRANDS = new Set(["M4A ", "M4B ", "M4P "]);
const VIDEO_BRANDS = new Set(["isom", "iso2", "mp41", "mp42", "avc1", "qt  ", "3gp4", "3gp5", "M4V "]);

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, index) => bytes[offset + index] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.subarray(start, Math.min(end, bytes.length))).toString("latin1");
}

function accept(key: MediaTypeKey): SniffResult {
  return { accepted: true, type: MEDIA_TYPES[key] };
}

/** Returns the type the bytes contain, judging by signatures only. */
export function sniffMediaType(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return accept("jpeg");
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accept("png");
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return accept("gif");
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return accept("tiff");

  if (ascii(bytes, 0, 4) === "RIFF") {
    const form = ascii(bytes, 8, 12);
    if (form === "WEBP") return accept("webp");
    if (form === "WAVE") return accept("wav");
  }

  const isoBrands = isoBrandsOf(bytes);
  if (isoBrands) return sniffIsoMedia(isoBrands);

  if (ascii(bytes, 0, 3) === "ID3" || isMpegAudioFrame(bytes)) return accept("mp3");
  if (ascii(bytes, 0, 5) === "%PDF-") return { accepted: false, detected: "pdf", label: "PDF" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { accepted: false, detected: "zip", label: "ZIP" };

  return sniffText(bytes);
}

/** Major and compatible brands of an ISO base media file (MP4, M4A, HEIC, AVIF), or null for other files. */
function isoBrandsOf(bytes: Uint8Array): string[] | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return null;
  const boxSize = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
  const end = Math.min(boxSize >= 16 ? boxSize : 16, bytes.length);

  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands;
}

function sniffIsoMedia(brands: string[]): SniffResult {
  const [major] = brands;
  if (major && M4A_BRANDS.has(major)) return accept("m4a");
  if (brands.some((brand) => brand === "avif" || brand === "avis")) return { accepted: false, detected: "avif", label: "AVIF" };
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return accept("heic");
  if (brands.some((brand) => M4A_BRANDS.has(brand))) return accept("m4a");
  if (major && VIDEO_BRANDS.has(major)) return { accepted: false, detected: "video", label: `MP4 video (${major.trim()})` };
  return { accepted: false, detected: "unknown", label: `ISO media (${(major ?? "").trim() || "no brand"})` };
}

/**
 * True for an MPEG audio frame header: 11 sync bits, a valid version, layer III and a bitrate index
 * that is neither "free" nor "bad". MP3 files without an ID3 tag start with such a frame.
 */
function isMpegAudioFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const [first, second, third] = [bytes[0]!, bytes[1]!, bytes[2]!];
  if (first !== 0xff || (second & 0xe0) !== 0xe0) return false;
  const version = (second >> 3) & 0x03;
  const layer = (second >> 1) & 0x03;
  const bitrateIndex = (third >> 4) & 0x0f;
  return version !== 0x01 && layer === 0x01 && bitrateIndex !== 0x00 && bitrateIndex !== 0x0f;
}

/** Detects markup and text, so the rejection of an SVG or HTML file renamed to .jpg can name the real type. */
function sniffText(bytes: Uint8Array): SniffResult {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString("utf8").replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (/<svg[\s>]/.test(head) || (head.startsWith("<?xml") && head.includes("<svg"))) return { accepted: false, detected: "svg", label: "SVG" };
  if (head.startsWith("<!doctype html") || /<(html|head|body|script|iframe)[\s>]/.test(head)) return { accepted: false, detected: "html", label: "HTML" };

  if (isUtf8Text(bytes.subarray(0, Math.min(bytes.length, 512)))) return { accepted: false, detected: "text", label: "text" };
  return { accepted: false, detected: "unknown", label: "unknown" };
}

/** True for valid UTF-8 without control characters other than tab, newline and carriage return. */
function isUtf8Text(sample: Uint8Array): boolean {
  if (sample.length === 0 || sample.some((byte) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f)) return false;
  try {
    // stream: true lets the sample end inside a multi-byte character.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
