import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { SHARED_DATA } from "../../helpers/shared-data";

// Readers for the read-only public data sets beside the repository, in ../shared/data.

export function readJsonLines(relativePath: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(SHARED_DATA, relativePath), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function readCsv(relativePath: string): { columns: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path.join(SHARED_DATA, relativePath), "utf8");
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const header = parse(text, { bom: true, to_line: 1 }) as string[][];
  return { columns: header[0] ?? [], rows };
}
