/**
 * Reading JSON answers out of completions. Models often wrap JSON in a ```json fence or add a sentence
 * around it, so the parser tries the whole text, then the first fenced block, then the outermost braces.
 */

const FENCE = /```(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/;

/** Parses the JSON value in a completion; undefined when none parses. */
export function parseJsonFromCompletion(completion: string): unknown {
  const text = completion.trim();
  const attempts = [text];

  const fenced = FENCE.exec(text)?.[1];
  if (fenced !== undefined) attempts.push(fenced.trim());

  for (const [open, close] of [["{", "}"], ["[", "]"]] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start !== -1 && end > start) attempts.push(text.slice(start, end + 1));
  }

  for (const attempt of attempts) {
    if (!attempt) continue;
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // Not JSON in this form; try the next one.
    }
  }
  return undefined;
}

/**
 * Serialises a JSON value with object keys sorted, so two answers that differ only in key order count as
 * the same answer in a majority vote and in exact-match scoring.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
