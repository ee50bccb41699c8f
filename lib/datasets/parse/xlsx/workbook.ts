import { posix } from "node:path";

import { parseXmlEntry } from "./xml";
import { xlsxInvalid, type ZipArchive } from "./zip";

/** A sheet as listed in xl/workbook.xml, in workbook order. */
export type SheetRef = { name: string; relationshipId: string; hidden: boolean };

/** Sheets of a workbook with the paths of their XML parts, and the path of the shared strings part. */
export type WorkbookLayout = { sheets: SheetRef[]; sheetPaths: Map<string, string>; sharedStringsPath: string | null };

const WORKBOOK_PATH = "xl/workbook.xml";
const WORKBOOK_RELS_PATH = "xl/_rels/workbook.xml.rels";

async function readSheetRefs(archive: ZipArchive): Promise<SheetRef[]> {
  const entry = archive.entries.get(WORKBOOK_PATH);
  if (!entry) throw xlsxInvalid(archive.filename, `it has no ${WORKBOOK_PATH} part`);
  const sheets: SheetRef[] = [];
  await parseXmlEntry(archive, entry, {
    open: (name, attributes) => {
      if (name !== "sheet") return;
      // The relationship id attribute is r:id in the officeDocument namespace, but the prefix can vary.
      const idKey = Object.keys(attributes).find((key) => key === "id" || key.endsWith(":id"));
      sheets.push({
        name: attributes.name ?? `Sheet${sheets.length + 1}`,
        relationshipId: idKey ? (attributes[idKey] ?? "") : "",
        hidden: attributes.state === "hidden" || attributes.state === "veryHidden",
      });
    },
  });
  return sheets;
}

/** Resolves a relationship target against the xl/ folder. An absolute target starts at the archive root. */
function resolveTarget(target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : posix.join("xl", target);
  return posix.normalize(path).toLowerCase();
}

async function readRelationships(archive: ZipArchive): Promise<{ byId: Map<string, string>; sharedStrings: string | null }> {
  const byId = new Map<string, string>();
  let sharedStrings: string | null = null;
  const entry = archive.entries.get(WORKBOOK_RELS_PATH);
  if (!entry) return { byId, sharedStrings };
  await parseXmlEntry(archive, entry, {
    open: (name, attributes) => {
      if (name !== "Relationship" || !attributes.Target) return;
      const path = resolveTarget(attributes.Target);
      if (attributes.Id) byId.set(attributes.Id, path);
      if (attributes.Type?.endsWith("/sharedStrings")) sharedStrings = path;
    },
  });
  return { byId, sharedStrings };
}

/**
 * Reads xl/workbook.xml and its relationships. A sheet without a relationship falls back to the
 * conventional xl/worksheets/sheet<n>.xml path. Throws SourceFileError("xlsx_invalid") when the workbook
 * part is missing or lists no sheets.
 */
export async function readWorkbookLayout(archive: ZipArchive): Promise<WorkbookLayout> {
  const sheets = await readSheetRefs(archive);
  if (sheets.length === 0) throw xlsxInvalid(archive.filename, "its workbook lists no sheets");
  const relationships = await readRelationships(archive);

  const sheetPaths = new Map<string, string>();
  sheets.forEach((sheet, index) => {
    sheetPaths.set(sheet.name, relationships.byId.get(sheet.relationshipId) ?? `xl/worksheets/sheet${index + 1}.xml`);
  });
  const fallbackSharedStrings = archive.entries.has("xl/sharedstrings.xml") ? "xl/sharedstrings.xml" : null;
  return { sheets, sheetPaths, sharedStringsPath: relationships.sharedStrings ?? fallbackSharedStrings };
}
