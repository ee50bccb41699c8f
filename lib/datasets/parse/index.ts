/**
 * Streaming readers for uploaded dataset files (JSONL, JSON, CSV, TSV, XLSX). `openSource` detects the
 * format and text encoding, rejects unreadable files with a SourceFileError, and returns a reader whose
 * `records()` streams SourceItems from disk without holding the file in memory.
 */
import { stat } from "node:fs/promises";

import { SourceFileError, type SourceFormat, type SourceItem } from "../model";
import { readDelimited, readHeaderFromSample } from "./csv";
import { sniffDelimiter } from "./csv-delimiter";
import { detectEncoding, ENCODING_SAMPLE_BYTES, looksBinary, resolveEncoding, type TextEncoding } from "./encoding";
import { detectFormat, isOleCompoundFile, isZip } from "./format";
import { readJsonArray } from "./json";
import { readJsonLines } from "./jsonl";
import { readFileHead, readTextChunks, type ByteProgress } from "./text-stream";
import { openXlsx } from "./xlsx";
import { xlsxInvalid } from "./xlsx/zip";

export { detectFormat } from "./format";

export type SourceInfo = {
  format: SourceFormat;
  /** "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be", or the canonical name of an override. */
  encoding: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
  columns?: string[];
  lineEnding?: "lf" | "crlf";
};

export type OpenSourceOptions = {
  /** Name the user uploaded the file as. It picks the format and appears in error messages. */
  filename: string;
  format?: SourceFormat;
  /** Text encoding to use instead of detection, e.g. "gb18030". */
  encoding?: string;
  /** XLSX sheet to read instead of the first visible one. */
  sheet?: string;
  signal?: AbortSignal;
};

export type SourceReader = {
  info: SourceInfo;
  /** Streams the records from the start of the file. Each call reads the file again. */
  records(): AsyncGenerator<SourceItem>;
  /** File bytes consumed so far by the running `records()`, for a progress bar. */
  bytesRead(): number;
  totalBytes: number;
};

const FORMAT_NAMES: Record<SourceFormat, string> = { jsonl: "JSONL", json: "JSON", csv: "CSV", tsv: "TSV", xlsx: "XLSX" };

function emptyFile(filename: string): SourceFileError {
  return new SourceFileError("empty_file", `"${filename}" is empty. Upload a file that contains records.`, { filename });
}

async function statFile(path: string, filename: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new SourceFileError("file_missing", `The uploaded file "${filename}" is no longer on the server. Upload it again.`, {
        filename,
      });
    }
    throw error;
  }
}

function checkIsText(head: Buffer, encoding: TextEncoding, format: SourceFormat, filename: string): void {
  const formatName = FORMAT_NAMES[format];
  if (isZip(head) || isOleCompoundFile(head) || looksBinary(head, encoding)) {
    let kind = "binary data";
    if (isZip(head)) kind = "a ZIP archive (such as an .xlsx workbook)";
    else if (isOleCompoundFile(head)) kind = "a legacy Office document";
    throw new SourceFileError(
      "binary_file",
      `"${filename}" is not a text ${formatName} file: its content is ${kind}. ` +
        `Export the data as a UTF-8 ${formatName} file, or upload a workbook with the .xlsx extension.`,
      { filename, format },
    );
  }
}

/** Opens a text format: detects the encoding, checks for binary content and reads the header sample. */
async function openTextSource(
  path: string,
  format: SourceFormat,
  head: Buffer,
  totalBytes: number,
  options: OpenSourceOptions,
): Promise<SourceReader> {
  const { filename, signal } = options;
  const headIsWholeFile = head.length === totalBytes;
  const encoding = options.encoding ? resolveEncoding(options.encoding, head, filename) : detectEncoding(head, headIsWholeFile);
  if (totalBytes <= encoding.bomLength) throw emptyFile(filename);
  checkIsText(head, encoding, format, filename);

  const sample = new TextDecoder(encoding.decoderLabel, { fatal: false, ignoreBOM: true }).decode(head.subarray(encoding.bomLength), {
    stream: !headIsWholeFile,
  });
  const info: SourceInfo = { format, encoding: encoding.name, lineEnding: sample.includes("\r\n") ? "crlf" : "lf" };
  if (format === "csv" || format === "tsv") {
    info.delimiter = format === "tsv" ? "\t" : sniffDelimiter(sample, headIsWholeFile);
    info.columns = readHeaderFromSample(sample, info.delimiter, headIsWholeFile);
  }

  const progress: ByteProgress = { bytesRead: 0 };
  const records = () => {
    const chunks = readTextChunks(path, { decoderLabel: encoding.decoderLabel, startByte: encoding.bomLength, progress, signal });
    if (format === "jsonl") return readJsonLines(chunks);
    if (format === "json") return readJsonArray(chunks, filename);
    return readDelimited(chunks, info.delimiter ?? ",");
  };
  return { info, records, bytesRead: () => progress.bytesRead, totalBytes };
}

async function openXlsxSource(path: string, head: Buffer, totalBytes: number, options: OpenSourceOptions): Promise<SourceReader> {
  const { filename } = options;
  if (isOleCompoundFile(head)) {
    const reason =
      "it is an OLE compound file, which is a legacy .xls workbook or an .xlsx workbook protected with a password. " +
      "Remove the password if it has one";
    throw xlsxInvalid(filename, reason);
  }
  if (!isZip(head)) throw xlsxInvalid(filename, "it is not a ZIP archive, which every .xlsx workbook is");

  const progress: ByteProgress = { bytesRead: 0 };
  const workbook = await openXlsx(path, { filename, sheet: options.sheet, signal: options.signal, totalBytes, progress });
  const info: SourceInfo = { format: "xlsx", encoding: "utf-8", sheet: workbook.sheet, sheets: workbook.sheets, columns: workbook.columns };
  return { info, records: workbook.records, bytesRead: () => progress.bytesRead, totalBytes };
}

/**
 * Opens an uploaded file for streaming. The format comes from `options.format` or detectFormat, the
 * encoding of text formats from `options.encoding` or the first bytes. Throws SourceFileError for a
 * missing, empty, binary or unsupported file, an invalid or oversized workbook, or a JSON document
 * without a records array (the last when `records()` reaches the top-level value).
 */
export async function openSource(path: string, options: OpenSourceOptions): Promise<SourceReader> {
  options.signal?.throwIfAborted();
  const totalBytes = await statFile(path, options.filename);
  if (totalBytes === 0) throw emptyFile(options.filename);
  const head = await readFileHead(path, ENCODING_SAMPLE_BYTES);
  const format = options.format ?? detectFormat(options.filename, head);
  if (format === "xlsx") return openXlsxSource(path, head, totalBytes, options);
  return openTextSource(path, format, head, totalBytes, options);
}
