import type { Scoring } from "./schemas";

/**
 * Scoring of one answer against the expected value. A scoring method first picks the value to compare
 * out of a completion (`scoredValue`), and then compares it (`isMatch`). Self-consistency votes over
 * the scored values, so the vote and the comparison agree on what "the same answer" means.
 */

// Characters of the Unicode punctuation categories (Pc, Pd, Ps, Pe, Pi, Pf, Po), ASCII and CJK alike.
const PUNCTUATION = /\p{P}/gu;
const WHITESPACE = /\s+/gu;

/**
 * Normalises text for lenient comparison: NFKC (full-width letters, digits and punctuation become their
 * half-width forms), lower case, punctuation removed, runs of whitespace collapsed, ends trimmed.
 */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(PUNCTUATION, "").replace(WHITESPACE, " ").trim();
}

/**
 * Picks the value a scoring method compares: the extracted answer for exact and normalised scoring,
 * a field of the parsed JSON answer for json_field, and the first capture group of the pattern applied
 * to the whole output for regex. Returns null when there is nothing to compare.
 */
export function scoredValue(scoring: Scoring, output: string, answer: string | null): string | null {
  switch (scoring.method) {
    case "exact":
    case "normalised":
      return answer;
    case "json_field":
      return readJsonField(answer ?? output, scoring.path) ?? (answer === null ? null : readJsonField(output, scoring.path));
    case "regex":
      return matchGroup(scoring.pattern, output);
  }
}

/** Compares a scored value with the expected one; a missing value or a missing expectation never matches. */
export function isMatch(scoring: Scoring, value: string | null, expected: string | null): boolean {
  if (value === null || expected === null) return false;
  if (scoring.method === "exact") return value.trim() === expected.trim();
  if (scoring.method === "normalised" || scoring.normalise) return normaliseText(value) === normaliseText(expected);
  return value.trim() === expected.trim();
}

/** The key self-consistency votes on: normalised unless the method compares exactly. */
export function voteKey(scoring: Scoring, value: string): string {
  const exact = scoring.method === "exact" || ((scoring.method === "json_field" || scoring.method === "regex") && !scoring.normalise);
  return exact ? value.trim() : normaliseText(value);
}

/** Parses JSON out of a completion: the whole text, a fenced ```json block, or the outermost {...} span. */
export function parseJsonLoosely(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/iu.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));

  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // Try the next, narrower candidate.
    }
  }
  return undefined;
}

/** Reads a dotted path (`result.labels.0`) from JSON in the text; objects and arrays come back as JSON text. */
export function readJsonField(text: string, path: string): string | null {
  let current: unknown = parseJsonLoosely(text);
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current !== null && typeof current === "object") current = (current as Record<string, unknown>)[segment];
    else return null;
  }

  if (current === undefined || current === null) return null;
  if (typeof current === "string") return current;
  if (typeof current === "number" || typeof current === "boolean") return String(current);
  return JSON.stringify(current);
}

/** Applies a scoring pattern and returns its first capture group, trimmed. */
export function matchGroup(pattern: string, output: string): string | null {
  // NOTE: a user-supplied pattern can backtrack badly. Outputs are bounded by the model's max tokens and
  // the pattern by 500 characters, yet a pathological pattern can still slow the runner down.
  const match = new RegExp(pattern, "u").exec(output);
  const group = match?.[1];
  return group === undefined ? null : group.trim();
}
