import type { SourceReader } from "./parse";
import type { RowIssue, SourceItem } from "./model";
import { createTypeTracker, normalizeRecord, type NormalizedRow, type ValidationContext } from "./validate";

/** One source record after mapping and validation. */
export type CheckedRecord =
  | { line: number; raw: string; fields: Record<string, unknown>; ok: true; row: NormalizedRow; warnings: RowIssue[] }
  | { line: number; raw: string; fields: Record<string, unknown> | null; ok: false; issues: RowIssue[]; warnings: RowIssue[] };

/**
 * Validates each record of a source: applies the user's fix for its line when there is one, tracks
 * column types across rows, and normalizes it into the dataset type. Parser errors become invalid
 * records, so one broken line never stops an import.
 */
export async function* checkRecords(
  items: AsyncIterable<SourceItem>,
  context: ValidationContext,
  fixes: Map<number, Record<string, unknown>>,
): AsyncGenerator<CheckedRecord> {
  const tracker = createTypeTracker();
  for await (const item of items) {
    const fix = fixes.get(item.line);
    if (item.kind === "error" && !fix) {
      const issue: RowIssue = { code: item.code, field: item.field ?? "", ...(item.params && { params: item.params }) };
      yield { line: item.line, raw: item.raw, fields: null, ok: false, issues: [issue], warnings: [] };
      continue;
    }

    const fields = fix ?? (item as { fields: Record<string, unknown> }).fields;
    const warnings = tracker.observe(fields, item.line);
    const result = normalizeRecord(fields, context);
    if (result.ok) {
      yield { line: item.line, raw: item.raw, fields, ok: true, row: result.row, warnings: [...warnings, ...result.warnings] };
    } else {
      yield { line: item.line, raw: item.raw, fields, ok: false, issues: result.issues, warnings };
    }
  }
}

/** Reads the first `count` records for type detection and hands back an iterable that replays them first. */
export async function peekRecords(reader: SourceReader, count: number) {
  const iterator = reader.records()[Symbol.asyncIterator]();
  const head: SourceItem[] = [];
  while (head.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }

  async function* replay(): AsyncGenerator<SourceItem> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const samples = head.flatMap((item) => (item.kind === "record" ? [item.fields] : []));
  return { samples, items: replay() };
}
