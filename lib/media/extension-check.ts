import path from "node:path";
import { MEDIA_TYPES, type MediaType } from "./sniff";

/**
 * Extensions of common types the upload does not accept. A PNG named .pdf names a known type just as a PNG
 * named .mp3 does, so both are caught. An extension in neither list is judged by content alone.
 */
const OTHER_KNOWN_EXTENSIONS: Record<string, string> = {
  ".svg": "SVG",
  ".pdf": "PDF",
  ".txt": "text",
  ".html": "HTML",
  ".htm": "HTML",
  ".zip": "ZIP",
  ".avif": "AVIF",
  ".bmp": "BMP",
  ".mov": "QuickTime video",
};

/** An extension that names another known type than the file contains. */
export type ExtensionMismatch = { extension: string; namedType: string };

/** Returns the label of the type a lower-case extension such as ".mp3" names, or null for an unknown extension. */
function typeNamedBy(extension: string): string | null {
  const mediaType = Object.values(MEDIA_TYPES).find((candidate) => (candidate.extensions as readonly string[]).includes(extension));
  return mediaType?.label ?? OTHER_KNOWN_EXTENSIONS[extension] ?? null;
}

/**
 * Compares the file name's extension, in any letter case, with the sniffed type and returns the mismatch
 * when the extension names a different known type. Equivalent spellings (.jpg and .jpeg, .tif and .tiff,
 * .heic and .heif, .m4a and .mp4) match. A name without an extension or with an unknown one returns null.
 */
export function findExtensionMismatch(filename: string, type: MediaType): ExtensionMismatch | null {
  const extension = path.extname(filename).toLowerCase();
  if (!extension || type.extensions.includes(extension)) return null;

  const namedType = typeNamedBy(extension);
  return namedType ? { extension, namedType } : null;
}
