import { SourceFileError } from "../model";

/** Bytes examined to choose between UTF-8 and GB18030. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

/** Bytes examined, after the BOM, for NUL and control characters. */
export const BINARY_SAMPLE_BYTES = 8 * 1024;

/** Share of control characters in the sample above which a file counts as binary. */
const MAX_CONTROL_CHAR_SHARE = 0.1;

/**
 * The text encoding of a file. `name` is what SourceInfo reports ("utf-8", "utf-8-bom", "gb18030",
 * "utf-16le", "utf-16be", or the canonical name of an encoding given as an override), `decoderLabel`
 * is passed to TextDecoder, and `bomLength` bytes are skipped before decoding.
 */
export type TextEncoding = { name: string; decoderLabel: string; bomLength: number };

const UTF8: TextEncoding = { name: "utf-8", decoderLabel: "utf-8", bomLength: 0 };
const UTF8_BOM: TextEncoding = { name: "utf-8-bom", decoderLabel: "utf-8", bomLength: 3 };
const UTF16LE_BOM: TextEncoding = { name: "utf-16le", decoderLabel: "utf-16le", bomLength: 2 };
const UTF16BE_BOM: TextEncoding = { name: "utf-16be", decoderLabel: "utf-16be", bomLength: 2 };
const GB18030: TextEncoding = { name: "gb18030", decoderLabel: "gb18030", bomLength: 0 };

function hasUtf8Bom(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

function hasUtf16LeBom(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0xff && head[1] === 0xfe;
}

function hasUtf16BeBom(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0xfe && head[1] === 0xff;
}

/**
 * Checks that the sample is valid UTF-8. Unless the sample is the whole file, a multibyte character cut
 * at its end is accepted, because streaming mode keeps the incomplete tail instead of rejecting it.
 */
function isValidUtf8(sample: Buffer, isWholeFile: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}

/**
 * Recognizes UTF-16 without a BOM by its zero bytes: ASCII text in UTF-16LE has a zero in every odd
 * byte and none in the even ones (mirrored for UTF-16BE). Text outside ASCII has too few zeros to tell.
 */
function guessBomlessUtf16(sample: Buffer): TextEncoding | null {
  const pairs = Math.floor(Math.min(sample.length, BINARY_SAMPLE_BYTES) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return { ...UTF16LE_BOM, bomLength: 0 };
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return { ...UTF16BE_BOM, bomLength: 0 };
  return null;
}

/**
 * Detects the encoding from the first bytes of a file. It checks for a UTF-8 or UTF-16 BOM, then for
 * UTF-16 ASCII without a BOM, then for UTF-8 in the first ENCODING_SAMPLE_BYTES. Anything else is read
 * as GB18030, a superset of GBK and GB2312, which Chinese Excel exports CSV files in.
 */
export function detectEncoding(head: Buffer, headIsWholeFile: boolean): TextEncoding {
  if (hasUtf8Bom(head)) return UTF8_BOM;
  if (hasUtf16LeBom(head)) return UTF16LE_BOM;
  if (hasUtf16BeBom(head)) return UTF16BE_BOM;

  const sample = head.subarray(0, ENCODING_SAMPLE_BYTES);
  const utf16 = guessBomlessUtf16(sample);
  if (utf16) return utf16;
  const sampleIsWholeFile = headIsWholeFile && head.length <= ENCODING_SAMPLE_BYTES;
  return isValidUtf8(sample, sampleIsWholeFile) ? UTF8 : GB18030;
}

/** Labels accepted as an override beyond the WHATWG ones. GBK text decodes correctly as GB18030. */
const LABEL_ALIASES: Record<string, string> = {
  "utf-8-bom": "utf-8",
  "utf8-bom": "utf-8",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
};

/**
 * Resolves an encoding chosen by the user. A BOM matching that encoding is still skipped. Throws
 * SourceFileError("unknown_encoding") for a label TextDecoder does not support.
 */
export function resolveEncoding(label: string, head: Buffer, filename: string): TextEncoding {
  const normalized = label.trim().toLowerCase();
  const decoderLabel = LABEL_ALIASES[normalized] ?? normalized;
  let canonical: string;
  try {
    canonical = new TextDecoder(decoderLabel).encoding;
  } catch {
    throw new SourceFileError(
      "unknown_encoding",
      `The encoding "${label}" chosen for "${filename}" is not supported. ` +
        "Choose utf-8, gb18030, utf-16le or utf-16be, or let the encoding be detected.",
      { filename, encoding: label },
    );
  }

  if (canonical === "utf-8") return hasUtf8Bom(head) ? UTF8_BOM : UTF8;
  if (canonical === "utf-16le") return hasUtf16LeBom(head) ? UTF16LE_BOM : { ...UTF16LE_BOM, bomLength: 0 };
  if (canonical === "utf-16be") return hasUtf16BeBom(head) ? UTF16BE_BOM : { ...UTF16BE_BOM, bomLength: 0 };
  return { name: canonical, decoderLabel: canonical, bomLength: 0 };
}

function isUtf16(encoding: TextEncoding): boolean {
  return encoding.decoderLabel === "utf-16le" || encoding.decoderLabel === "utf-16be";
}

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return, plus DEL. */
function isSuspiciousChar(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d;
  return code === 0x7f || code === 0xfffd;
}

/**
 * Tells whether the start of a file is binary data rather than text: a NUL byte (outside UTF-16, where
 * zero bytes are normal), or more than MAX_CONTROL_CHAR_SHARE of the decoded characters being control
 * characters or U+FFFD replacements.
 */
export function looksBinary(head: Buffer, encoding: TextEncoding): boolean {
  const sample = head.subarray(encoding.bomLength, encoding.bomLength + BINARY_SAMPLE_BYTES);
  if (!isUtf16(encoding) && sample.includes(0)) return true;

  // Streaming mode keeps a character cut at the sample end from counting as a replacement character.
  const text = new TextDecoder(encoding.decoderLabel, { fatal: false, ignoreBOM: true }).decode(sample, {
    stream: true,
  });
  if (text.length === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSuspiciousChar(code)) suspicious++;
  }
  return suspicious / text.length > MAX_CONTROL_CHAR_SHARE;
}
