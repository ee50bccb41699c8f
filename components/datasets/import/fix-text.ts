import type { ImportIssueView, ImportView } from "../types";

const FORMAT_DELIMITERS: Record<string, string> = { csv: ",", tsv: "\t" };

/** Splits one CSV or TSV record into values, honouring double quotes and doubled quotes inside them. */
export function splitDelimitedRecord(text: string, delimiter: string): string[] {
  const values: string[] = [];
  let value = "";
  let quoted = false;

  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        value += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        value += char;
      }
    } else if (char === '"' && value === "") {
      quoted = true;
    } else if (char === delimiter) {
      values.push(value);
      value = "";
    } else if (char !== "\r" && char !== "\n") {
      value += char;
    }
  }
  values.push(value);
  return values;
}

/**
 * Returns the text the Fix dialog starts with: an earlier fix of the line, else the record itself as indented
 * JSON when it parses, else (for CSV and TSV) its values under the header's column names, else the raw
 * text. The user edits it into one JSON object of source fields.
 */
export function initialFixText(issue: ImportIssueView, datasetImport: ImportView): string {
  const earlierFix = datasetImport.fixes?.[String(issue.line)];
  if (earlierFix) return JSON.stringify(earlierFix, null, 2);

  try {
    const parsed: unknown = JSON.parse(issue.raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return JSON.stringify(parsed, null, 2);
  } catch {
    // Not JSON: a broken JSON line or a delimited record, handled below.
  }

  const info = datasetImport.report?.info;
  const columns = info?.columns;
  const delimiter = info?.delimiter ?? FORMAT_DELIMITERS[datasetImport.format ?? ""] ?? null;
  if (columns && columns.length > 0 && delimiter) {
    const values = splitDelimitedRecord(issue.raw, delimiter);
    return JSON.stringify(Object.fromEntries(columns.map((column, index) => [column, values[index] ?? ""])), null, 2);
  }
  return issue.raw;
}

export type FixParseResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: "syntax"; message: string } | { ok: false; reason: "notObject" };

/** Parses the edited fix; the API accepts one JSON object of source fields per line. */
export function parseFixText(text: string): FixParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: "syntax", message: error instanceof Error ? error.message : String(error) };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false, reason: "notObject" };
  return { ok: true, value: parsed as Record<string, unknown> };
}
