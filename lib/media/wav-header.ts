/**
 * Checks a RIFF/WAVE file's chunk sizes against the bytes present. music-metadata computes the duration
 * from the declared data size without checking it, so the first 60 bytes of a long recording would pass
 * as a short "ready" file.
 */

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
const MIN_FMT_BYTES = 16;

/**
 * True when the RIFF size fits in the bytes present, a valid `fmt ` chunk comes first and a non-empty
 * `data` chunk follows it with all of its declared bytes. Bytes after the RIFF size are ignored, because
 * some editors append metadata there.
 */
export function isCompleteWav(bytes: Buffer): boolean {
  if (bytes.length < RIFF_HEADER_BYTES) return false;
  const riffEnd = CHUNK_HEADER_BYTES + bytes.readUInt32LE(4);
  if (riffEnd > bytes.length) return false;

  let hasFormat = false;
  let offset = RIFF_HEADER_BYTES;
  while (offset + CHUNK_HEADER_BYTES <= riffEnd) {
    const id = bytes.toString("latin1", offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + CHUNK_HEADER_BYTES;
    if (body + size > riffEnd) return false;

    if (id === "fmt ") {
      if (size < MIN_FMT_BYTES || !isValidFormat(bytes, body)) return false;
      hasFormat = true;
    }
    if (id === "data") return hasFormat && size > 0;

    // RIFF pads every chunk to an even length; the pad byte is not counted in its size.
    offset = body + size + (size % 2);
  }
  return false;
}

/** Checks the fields of a `fmt ` chunk that a player divides by or multiplies with. */
function isValidFormat(bytes: Buffer, body: number): boolean {
  const channels = bytes.readUInt16LE(body + 2);
  const sampleRate = bytes.readUInt32LE(body + 4);
  const byteRate = bytes.readUInt32LE(body + 8);
  const blockAlign = bytes.readUInt16LE(body + 12);
  return channels > 0 && sampleRate > 0 && byteRate > 0 && blockAlign > 0;
}
