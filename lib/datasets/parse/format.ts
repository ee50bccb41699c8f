import { extname } from "node:path";

import { SourceFileError, type SourceFormat } from "../model";
import { detectEncoding } from "./encoding";

const FORMATS_BY_EXTENSION: Record<string, SourceFormat> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".jsonlines": "jsonl",
  ".json": "json",
  ".csv": "csv",
  ".tsv": "tsv",
  ".tab": "tsv",
  ".xlsx": "xlsx",
  ".xlsm": "xlsx",
};

/** Extensions of formats users often try, with the conversion that makes them readable. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  ".xls": "Save it as .xlsx or CSV in Excel",
  ".ods": "Save it as .xlsx or CSV",
  ".numbers": "Export it as .xlsx or CSV from Numbers",
  ".parquet": "Convert it to JSONL or CSV",
  ".arrow": "Convert it to JSONL or CSV",
  ".zip": "Extract the archive and upload the data file inside",
  ".gz": "Decompress the file and upload the data file inside",
  ".pdf": "Convert it to JSONL or CSV",
  ".docx": "Convert it to JSONL or CSV",
};

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isZip(head: Buffer): boolean {
  return head.subarray(0, 4).equals(ZIP_MAGIC);
}

/** Tells whether the file is an OLE compound file: a legacy .xls workbook, or a password-protected .xlsx. */
export function isOleCompoundFile(head: Buffer): boolean {
  return head.subarray(0, 8).equals(OLE_MAGIC);
}

/** Decodes the head for sniffing, leaving out a character cut at its end. */
function decodeHead(head: Buffer): string {
  const encoding = detectEncoding(head, false);
  const body = head.subarray(encoding.bomLength);
  return new TextDecoder(encoding.decoderLabel, { fatal: false, ignoreBOM: true }).decode(body, { stream: true });
}

/** Splits off the first line and the text after it, dropping a carriage return before the newline. */
function splitFirstLine(text: string): { first: string; rest: string } | null {
  const newline = text.indexOf("\n");
  if (newline === -1) return null;
  return { first: text.slice(0, newline).replace(/\r$/, ""), rest: text.slice(newline + 1) };
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tells JSON Lines from a JSON document: JSON Lines has a complete JSON value on its first line and
 * another value starting on a later line. A pretty-printed document fails the first test.
 */
function looksLikeJsonLines(text: string): boolean {
  const trimmed = text.trimStart();
  const lines = splitFirstLine(trimmed);
  if (!lines) return false;
  const next = lines.rest.trimStart();
  return next.length > 0 && parsesAsJson(lines.first) && (next.startsWith("{") || next.startsWith("["));
}

/**
 * Tells a pretty-printed JSON document from JSON Lines whose first record is broken: the document opens
 * with a lone "{" or with an array that does not close on its first line.
 */
function startsLikeJsonDocument(text: string): boolean {
  const firstLine = (splitFirstLine(text.trimStart())?.first ?? "").trim();
  if (firstLine === "{") return true;
  return firstLine.startsWith("[") && !parsesAsJson(firstLine);
}

/** Guesses the format from the content when the extension names none. */
function sniffFormat(head: Buffer): SourceFormat {
  if (isZip(head)) return "xlsx";
  const text = decodeHead(head);
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) return looksLikeJsonLines(text) ? "jsonl" : "json";
  if (trimmed.startsWith("{")) return looksLikeJsonLines(text) || !text.includes("\n") ? "jsonl" : "json";

  const firstLine = splitFirstLine(text)?.first ?? text;
  const tabs = firstLine.split("\t").length - 1;
  const commas = firstLine.split(",").length - 1;
  return tabs > 0 && tabs >= commas ? "tsv" : "csv";
}

/**
 * Returns the format of an uploaded file, taken from the extension first and sniffed from `head` (the
 * first bytes of the file) when the extension is unknown. A .json file holding JSON Lines is read as
 * JSONL, and a .jsonl file holding one pretty-printed JSON document is read as JSON, because both
 * mix-ups are common. Throws SourceFileError("unsupported_format") for spreadsheet, archive and document
 * formats that need converting first.
 */
export function detectFormat(filename: string, head: Buffer): SourceFormat {
  const extension = extname(filename).toLowerCase();
  const conversion = UNSUPPORTED_EXTENSIONS[extension];
  if (conversion !== undefined) {
    throw new SourceFileError(
      "unsupported_format",
      `"${filename}" is a ${extension} file, which cannot be imported. ${conversion}, then upload it again.`,
      { filename, extension },
    );
  }

  const format = FORMATS_BY_EXTENSION[extension];
  if (format === "json" && looksLikeJsonLines(decodeHead(head))) return "jsonl";
  if (format === "jsonl" && startsLikeJsonDocument(decodeHead(head))) return "json";
  return format ?? sniffFormat(head);
}
