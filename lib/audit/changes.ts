/** One line of an audit event's `changes`: a field with its old and new value, or with a single value. */
export type ChangeLine = { field: string; from?: string; to?: string; value?: string };

const MAX_VALUE_LENGTH = 80;

function isDiff(value: unknown): value is { from?: unknown; to?: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === "from" || key === "to");
}

/** Renders one stored value as short text: strings as they are, null as "—", anything else as JSON. */
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/**
 * Flattens an audit event's `changes` JSON into lines for the table. `{ role: { from: "viewer", to:
 * "admin" } }` becomes a from/to line; a plain `{ email: "a@b" }` becomes a value line.
 */
export function summarizeChanges(changes: unknown): ChangeLine[] {
  if (changes === null || changes === undefined) return [];
  if (typeof changes !== "object" || Array.isArray(changes)) return [{ field: "", value: formatChangeValue(changes) }];

  return Object.entries(changes).map(([field, value]) =>
    isDiff(value) ? { field, from: formatChangeValue(value.from), to: formatChangeValue(value.to) } : { field, value: formatChangeValue(value) },
  );
}
