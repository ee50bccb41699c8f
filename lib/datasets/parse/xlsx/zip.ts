import yauzl, { type Entry, type ZipFile } from "yauzl";

import { SourceFileError } from "../../model";
import { XLSX_LIMITS } from "./limits";

/** An open ZIP archive with its entries, keyed by lower-cased name (OPC part names ignore case). */
export type ZipArchive = { zip: ZipFile; entries: Map<string, Entry>; filename: string };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function xlsxInvalid(filename: string, reason: string, params: Record<string, string | number> = {}): SourceFileError {
  return new SourceFileError(
    "xlsx_invalid",
    `"${filename}" is not a valid XLSX workbook: ${reason}. Open it in Excel or another spreadsheet app, ` +
      "save it as .xlsx (Excel Workbook), and upload it again.",
    { filename, reason, ...params },
  );
}

function xlsxTooLarge(filename: string, entry: string, detail: string, params: Record<string, string | number>): SourceFileError {
  return new SourceFileError(
    "xlsx_too_large",
    `"${filename}" expands to more data than can be imported: ${entry} ${detail}. ` +
      "Split the workbook into smaller files, or export the sheet as CSV and upload that.",
    { filename, entry, ...params },
  );
}

/**
 * Rejects archives whose central directory declares more data than XLSX_LIMITS allow: a total above
 * the limit, or an entry above ratioExemptBytes that is compressed more than maxCompressionRatio times.
 */
function checkDeclaredSizes(entries: Iterable<Entry>, filename: string): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > XLSX_LIMITS.ratioExemptBytes && ratio > XLSX_LIMITS.maxCompressionRatio) {
      const detail = `is compressed ${Math.round(ratio)}:1, above the ${XLSX_LIMITS.maxCompressionRatio}:1 limit`;
      throw xlsxTooLarge(filename, entry.fileName, detail, {
        uncompressedBytes: entry.uncompressedSize,
        compressedBytes: entry.compressedSize,
        ratio: Math.round(ratio),
        limitRatio: XLSX_LIMITS.maxCompressionRatio,
      });
    }
  }
  if (total > XLSX_LIMITS.maxTotalUncompressedBytes) {
    const detail = `declares ${total} uncompressed bytes, above the ${XLSX_LIMITS.maxTotalUncompressedBytes} byte limit`;
    throw xlsxTooLarge(filename, "the archive", detail, {
      uncompressedBytes: total,
      limitBytes: XLSX_LIMITS.maxTotalUncompressedBytes,
    });
  }
}

/**
 * Opens a ZIP archive and reads its central directory. Throws SourceFileError("xlsx_invalid") when the
 * file is not a readable ZIP archive and "xlsx_too_large" when declared sizes exceed XLSX_LIMITS.
 */
export async function openZipArchive(path: string, filename: string): Promise<ZipArchive> {
  let zip: ZipFile;
  try {
    // Sizes are enforced by readEntry against the declared size, with a SourceFileError that names the entry.
    zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: false });
  } catch (error) {
    throw xlsxInvalid(filename, `the ZIP structure cannot be read (${errorMessage(error)})`);
  }

  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
    checkDeclaredSizes(entries.values(), filename);
  } catch (error) {
    zip.close();
    if (error instanceof SourceFileError) throw error;
    throw xlsxInvalid(filename, `the ZIP structure cannot be read (${errorMessage(error)})`);
  }
  return { zip, entries, filename };
}

/**
 * Streams an entry's inflated bytes. Central directory sizes can lie, so the bytes are counted as they
 * inflate and reading stops with SourceFileError("xlsx_too_large") past the declared size or `maxBytes`.
 * `onBytes` receives the running count of inflated bytes.
 */
export async function* readEntry(
  archive: ZipArchive,
  entry: Entry,
  options: { maxBytes?: number; signal?: AbortSignal; onBytes?: (inflated: number) => void } = {},
): AsyncGenerator<Buffer> {
  const limit = Math.min(entry.uncompressedSize, options.maxBytes ?? Number.POSITIVE_INFINITY);
  if (entry.uncompressedSize > limit) {
    const detail = `declares ${entry.uncompressedSize} bytes, above the ${limit} byte limit for this part`;
    throw xlsxTooLarge(archive.filename, entry.fileName, detail, {
      uncompressedBytes: entry.uncompressedSize,
      limitBytes: limit,
    });
  }

  let stream;
  try {
    stream = await archive.zip.openReadStreamPromise(entry);
  } catch (error) {
    throw xlsxInvalid(archive.filename, `the part ${entry.fileName} cannot be read (${errorMessage(error)})`, { entry: entry.fileName });
  }

  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      inflated += chunk.length;
      if (inflated > limit) {
        throw xlsxTooLarge(archive.filename, entry.fileName, `inflates to more than its declared ${limit} bytes`, {
          declaredBytes: entry.uncompressedSize,
          inflatedBytes: inflated,
          limitBytes: limit,
        });
      }
      options.onBytes?.(inflated);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof SourceFileError || options.signal?.aborted) throw error;
    throw xlsxInvalid(archive.filename, `the part ${entry.fileName} is corrupt (${errorMessage(error)})`, { entry: entry.fileName });
  } finally {
    stream.destroy();
  }
}
