import type { FieldErrors } from "@/lib/errors";

/**
 * Field errors of a rejected row edit, sorted by where the editor shows them. The API names fields as the
 * row normalizer and zod report them, such as `instruction`, `label`, `messages`, `messages[2].role` or
 * `messages.2.content`. Errors of fields the editor has no control for go to `other`.
 */
export type RowFieldErrors = {
  byField: Map<string, string[]>;
  /** Errors of one chat turn, by its index. */
  byTurn: Map<number, string[]>;
  other: string[];
};

const TURN_PATTERN = /^(?:data\.)?messages(?:\[(\d+)\]|\.(\d+))/;

export function sortFieldErrors(fields: FieldErrors | undefined, editorFields: readonly string[]): RowFieldErrors {
  const result: RowFieldErrors = { byField: new Map(), byTurn: new Map(), other: [] };
  for (const [key, reasons] of Object.entries(fields ?? {})) {
    const turn = TURN_PATTERN.exec(key);
    if (turn) {
      const index = Number(turn[1] ?? turn[2]);
      result.byTurn.set(index, [...(result.byTurn.get(index) ?? []), ...reasons]);
      continue;
    }

    // "label" is the import-time name of the classification label; the editor calls it "labels".
    const base = key.replace(/^data\./, "").split(/[.[]/)[0]!;
    const field = base === "label" ? "labels" : base;
    if (editorFields.includes(field)) result.byField.set(field, [...(result.byField.get(field) ?? []), ...reasons]);
    else result.other.push(...reasons);
  }
  return result;
}
