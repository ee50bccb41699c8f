import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";

import yazl from "yazl";

import type { SourceItem, SourceRecord, SourceRecordError } from "@/lib/datasets/model";
import { openSource, type OpenSourceOptions, type SourceReader } from "@/lib/datasets/parse";

/** The read-only shared data folder next to the repository. */
export { SHARED_DATA } from "../../helpers/shared-data";

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "luodi-parse-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function collect(reader: SourceReader): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of reader.records()) items.push(item);
  return items;
}

export function recordsOf(items: SourceItem[]): SourceRecord[] {
  return items.filter((item): item is SourceRecord => item.kind === "record");
}

export function errorsOf(items: SourceItem[]): SourceRecordError[] {
  return items.filter((item): item is SourceRecordError => item.kind === "error");
}

/** Writes `content` to `dir/name`, opens it with openSource and reads every item. */
export async function readFileItems(
  dir: string,
  name: string,
  content: string | Buffer,
  options: Partial<OpenSourceOptions> = {},
): Promise<{ reader: SourceReader; items: SourceItem[] }> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const reader = await openSource(file, { filename: name, ...options });
  return { reader, items: await collect(reader) };
}

export type ZipPart = { name: string; content: string | Buffer | Readable; compressionLevel?: number };

/** Writes a ZIP archive built by yazl, streaming parts given as Readable. */
export async function writeZip(file: string, parts: ZipPart[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const part of parts) {
    const options = { compressionLevel: part.compressionLevel ?? 6 };
    if (typeof part.content === "string") zip.addBuffer(Buffer.from(part.content), part.name, options);
    else if (Buffer.isBuffer(part.content)) zip.addBuffer(part.content, part.name, options);
    else zip.addReadStream(part.content, part.name, options);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on("close", resolve).on("error", reject);
  });
}

const SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Builds the parts of a minimal workbook. `sheets` maps sheet names to their <sheetData> inner XML. */
export function workbookParts(sheets: Record<string, string>, sharedStrings?: string[]): ZipPart[] {
  const names = Object.keys(sheets);
  const workbook =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIP_NS}"><sheets>` +
    names.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
    "</sheets></workbook>";
  const relationships =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    names
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIP_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join("") +
    (sharedStrings ? `<Relationship Id="rIdS" Type="${RELATIONSHIP_NS}/sharedStrings" Target="sharedStrings.xml"/>` : "") +
    "</Relationships>";
  const parts: ZipPart[] = [
    { name: "xl/workbook.xml", content: workbook },
    { name: "xl/_rels/workbook.xml.rels", content: relationships },
  ];
  names.forEach((name, i) => {
    parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, content: worksheetXml(sheets[name]!) });
  });
  if (sharedStrings) {
    const items = sharedStrings.map((text) => (text.startsWith("<") ? `<si>${text}</si>` : `<si><t>${text}</t></si>`)).join("");
    parts.push({ name: "xl/sharedStrings.xml", content: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${SPREADSHEET_NS}">${items}</sst>` });
  }
  return parts;
}

export function worksheetXml(sheetData: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${sheetData}</sheetData></worksheet>`;
}

/** Overwrites the uncompressed (and optionally compressed) size that the central directory declares for `entryName`. */
export async function patchDeclaredSize(file: string, entryName: string, sizes: { uncompressed: number; compressed?: number }): Promise<void> {
  const zip = await readFile(file);
  const signature = 0x02014b50;
  for (let offset = zip.length - 46; offset >= 0; offset--) {
    if (zip.readUInt32LE(offset) !== signature) continue;
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    if (name !== entryName) continue;
    zip.writeUInt32LE(sizes.uncompressed, offset + 24);
    if (sizes.compressed !== undefined) zip.writeUInt32LE(sizes.compressed, offset + 20);
    await writeFile(file, zip);
    return;
  }
  throw new Error(`central directory entry ${entryName} not found in ${file}`);
}
