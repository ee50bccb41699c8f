import type { SourceItem } from "../../model";
import { normalizeHeaders, zipFields } from "../headers";
import { formatCsvLine } from "../raw-preview";
import type { ByteProgress } from "../text-stream";
import { readSharedStrings } from "./shared-strings";
import { readSheetRows, type CellValue, type SheetRow } from "./sheet";
import { readWorkbookLayout } from "./workbook";
import { openZipArchive, xlsxInvalid, type ZipArchive } from "./zip";

export type XlsxSource = {
  sheets: string[];
  sheet: string;
  columns: string[] | undefined;
  records(): AsyncGenerator<SourceItem>;
};

export type OpenXlsxOptions = {
  filename: string;
  sheet?: string;
  signal?: AbortSignal;
  totalBytes: number;
  progress: ByteProgress;
};

function isEmptyCell(value: CellValue | undefined): boolean {
  return value === undefined || (typeof value === "string" && value.trim() === "");
}

function lastFilledIndex(cells: readonly (CellValue | undefined)[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (!isEmptyCell(cells[i])) return i;
  return -1;
}

/**
 * Turns sheet rows into records: the first non-empty row is the header, empty rows are skipped, gaps
 * read as "", and a row with filled cells right of the last header column is a column_count error.
 */
class SheetRecordBuilder {
  columns: string[] | null = null;

  accept(row: SheetRow, out: SourceItem[]): void {
    const last = lastFilledIndex(row.cells);
    if (last === -1) return;
    if (this.columns === null) {
      this.columns = normalizeHeaders(Array.from({ length: last + 1 }, (_, i) => row.cells[i] ?? ""));
      return;
    }
    const values = Array.from({ length: Math.max(last + 1, this.columns.length) }, (_, i) => row.cells[i] ?? "");
    const raw = formatCsvLine(values);
    if (last >= this.columns.length) {
      const params = { expected: this.columns.length, found: last + 1 };
      out.push({ kind: "error", line: row.rowNumber, code: "column_count", params, raw });
      return;
    }
    out.push({ kind: "record", line: row.rowNumber, fields: zipFields(this.columns, values), raw });
  }
}

function chooseSheet(names: { name: string; hidden: boolean }[], requested: string | undefined, filename: string): string {
  if (requested !== undefined) {
    if (names.some((sheet) => sheet.name === requested)) return requested;
    const list = names.map((sheet) => sheet.name).join(", ");
    throw xlsxInvalid(filename, `it has no sheet named "${requested}" (sheets: ${list})`, { sheet: requested, sheets: list });
  }
  return (names.find((sheet) => !sheet.hidden) ?? names[0]!).name;
}

function findSheetEntry(archive: ZipArchive, path: string, sheet: string) {
  const entry = archive.entries.get(path);
  if (!entry) throw xlsxInvalid(archive.filename, `the part ${path} of sheet "${sheet}" is missing`, { sheet });
  return entry;
}

/** Reads rows up to the header row and returns its column names, leaving the rest of the sheet compressed. */
async function readColumns(archive: ZipArchive, path: string, sheet: string, sharedStrings: readonly string[], signal?: AbortSignal) {
  const builder = new SheetRecordBuilder();
  const out: SourceItem[] = [];
  for await (const rows of readSheetRows(archive, findSheetEntry(archive, path, sheet), sharedStrings, { signal })) {
    for (const row of rows) {
      builder.accept(row, out);
      if (builder.columns !== null) return builder.columns;
    }
  }
  return undefined;
}

/**
 * Opens an XLSX workbook: reads the sheet list, the shared strings (kept in memory for `records`) and the
 * header row of the chosen sheet (the first visible one unless `sheet` is given). `records` opens the
 * archive again and streams the sheet's rows. Throws SourceFileError("xlsx_invalid") for a file that is
 * not a workbook and "xlsx_too_large" when the zip-bomb guard of XLSX_LIMITS trips.
 */
export async function openXlsx(path: string, options: OpenXlsxOptions): Promise<XlsxSource> {
  const { filename, signal, progress, totalBytes } = options;
  const archive = await openZipArchive(path, filename);
  let sheet: string;
  let sheetPath: string;
  let sharedStrings: string[];
  let columns: string[] | undefined;
  let sheetNames: string[];
  try {
    const layout = await readWorkbookLayout(archive);
    sheetNames = layout.sheets.map((ref) => ref.name);
    sheet = chooseSheet(layout.sheets, options.sheet, filename);
    sheetPath = layout.sheetPaths.get(sheet)!;
    findSheetEntry(archive, sheetPath, sheet);
    sharedStrings = await readSharedStrings(archive, layout.sharedStringsPath, signal);
    columns = await readColumns(archive, sheetPath, sheet, sharedStrings, signal);
  } finally {
    archive.zip.close();
  }

  async function* records(): AsyncGenerator<SourceItem> {
    progress.bytesRead = 0;
    const reopened = await openZipArchive(path, filename);
    try {
      const entry = findSheetEntry(reopened, sheetPath, sheet);
      // NOTE: progress is estimated as the inflated share of the sheet part scaled to the file size,
      // because yauzl does not expose how many compressed bytes it has read.
      const onBytes = (inflated: number) => {
        progress.bytesRead = Math.min(totalBytes, Math.round((inflated / Math.max(entry.uncompressedSize, 1)) * totalBytes));
      };
      const builder = new SheetRecordBuilder();
      const out: SourceItem[] = [];
      for await (const rows of readSheetRows(reopened, entry, sharedStrings, { signal, onBytes })) {
        for (const row of rows) builder.accept(row, out);
        for (const item of out) yield item;
        out.length = 0;
      }
      progress.bytesRead = totalBytes;
    } finally {
      reopened.zip.close();
    }
  }

  return { sheets: sheetNames, sheet, columns, records };
}
