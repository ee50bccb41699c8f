import type { Entry } from "yauzl";

import { XmlStream } from "./xml";
import { readEntry, type ZipArchive } from "./zip";

export type CellValue = string | number | boolean;

/** A sheet row: its 1-based row number and its cells by 0-based column index, with holes for gaps. */
export type SheetRow = { rowNumber: number; cells: CellValue[] };

/** Converts a cell reference such as "C5" or "AB12" to a 0-based column index, or -1. */
export function columnIndex(reference: string): number {
  let index = 0;
  let letters = 0;
  for (const char of reference) {
    const code = char.toUpperCase().charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
    letters++;
  }
  return letters === 0 ? -1 : index - 1;
}

/**
 * Turns a cell's type attribute and text into a value: shared and inline strings, booleans, formula
 * string results, error values ("#N/A") and ISO dates stay text, and numbers become numbers. Dates
 * stored as serial numbers stay numbers, because telling them apart needs the cell styles.
 */
function cellValue(type: string, value: string, inlineText: string, sharedStrings: readonly string[]): CellValue {
  switch (type) {
    case "s":
      return sharedStrings[Number(value)] ?? "";
    case "inlineStr":
      return inlineText;
    case "b":
      return value === "1" || value.toLowerCase() === "true";
    case "str":
    case "e":
    case "d":
      return value;
    default: {
      if (value.trim() === "") return "";
      const number = Number(value);
      return Number.isNaN(number) ? value : number;
    }
  }
}

/**
 * Collects rows from the SAX events of a worksheet part. Only <row>, <c>, <v> and inline <is><t> are
 * read. A cell without an `r` reference takes the column after the previous cell.
 */
class SheetRowCollector {
  readonly rows: SheetRow[] = [];
  private row: SheetRow | null = null;
  private column = 0;
  private cellType = "n";
  private value: string[] = [];
  private inlineText: string[] = [];
  private capture: "value" | "inline" | null = null;
  private inInlineString = false;
  private phoneticDepth = 0;
  /** Row number of the last finished row, so a row without `r` continues the numbering. */
  private lastRowNumber = 0;

  constructor(private readonly sharedStrings: readonly string[]) {}

  open(name: string, attributes: Record<string, string>): void {
    if (name === "row") {
      const number = Number(attributes.r);
      this.row = { rowNumber: Number.isInteger(number) && number > 0 ? number : this.lastRowNumber + 1, cells: [] };
      this.column = 0;
      return;
    }
    if (this.row === null) return;
    if (name === "c") {
      const index = attributes.r ? columnIndex(attributes.r) : -1;
      this.column = index >= 0 ? index : this.column;
      this.cellType = attributes.t ?? "n";
      this.value = [];
      this.inlineText = [];
    } else if (name === "v") {
      this.capture = "value";
    } else if (name === "is") {
      this.inInlineString = true;
    } else if (name === "rPh") {
      this.phoneticDepth++;
    } else if (name === "t" && this.inInlineString && this.phoneticDepth === 0) {
      this.capture = "inline";
    }
  }

  text(text: string): void {
    if (this.capture === "value") this.value.push(text);
    else if (this.capture === "inline") this.inlineText.push(text);
  }

  close(name: string): void {
    if (this.row === null) return;
    switch (name) {
      case "v":
      case "t":
        this.capture = null;
        break;
      case "is":
        this.inInlineString = false;
        break;
      case "rPh":
        this.phoneticDepth--;
        break;
      case "c":
        this.row.cells[this.column] = cellValue(this.cellType, this.value.join(""), this.inlineText.join(""), this.sharedStrings);
        this.column++;
        break;
      case "row":
        this.rows.push(this.row);
        this.lastRowNumber = this.row.rowNumber;
        this.row = null;
        break;
    }
  }
}

/**
 * Streams the rows of a worksheet part, yielding the rows parsed from each inflated chunk as one batch,
 * so memory keeps one chunk's rows at a time. `onBytes` receives the running count of inflated bytes.
 */
export async function* readSheetRows(
  archive: ZipArchive,
  entry: Entry,
  sharedStrings: readonly string[],
  options: { signal?: AbortSignal; onBytes?: (inflated: number) => void } = {},
): AsyncGenerator<SheetRow[]> {
  const collector = new SheetRowCollector(sharedStrings);
  const xml = new XmlStream(archive, entry, {
    open: (name, attributes) => collector.open(name, attributes),
    text: (text) => collector.text(text),
    close: (name) => collector.close(name),
  });
  for await (const chunk of readEntry(archive, entry, options)) {
    xml.write(chunk);
    if (collector.rows.length > 0) {
      yield collector.rows.splice(0);
    }
  }
  xml.close();
  if (collector.rows.length > 0) yield collector.rows.splice(0);
}
