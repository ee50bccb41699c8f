import { XLSX_LIMITS } from "./limits";
import { parseXmlEntry } from "./xml";
import type { ZipArchive } from "./zip";

/**
 * Reads the shared string table: one string per <si>, the concatenated <t> texts of its plain text or
 * rich text runs. Phonetic guides (<rPh>, furigana over Japanese text) are left out, as Excel shows them
 * separately from the cell value. The table stays in memory, capped by XLSX_LIMITS.maxSharedStringsBytes.
 */
export async function readSharedStrings(archive: ZipArchive, path: string | null, signal?: AbortSignal): Promise<string[]> {
  const entry = path === null ? undefined : archive.entries.get(path);
  if (!entry) return [];

  const strings: string[] = [];
  let current: string[] = [];
  let inText = false;
  let phoneticDepth = 0;
  await parseXmlEntry(archive, entry, {
    open: (name) => {
      if (name === "si") current = [];
      else if (name === "rPh") phoneticDepth++;
      else if (name === "t" && phoneticDepth === 0) inText = true;
    },
    text: (text) => {
      if (inText) current.push(text);
    },
    close: (name) => {
      if (name === "t") inText = false;
      else if (name === "rPh") phoneticDepth--;
      else if (name === "si") strings.push(current.join(""));
    },
  }, { maxBytes: XLSX_LIMITS.maxSharedStringsBytes, signal });
  return strings;
}
