/**
 * Character accuracy of OCR output against an expected transcript: 1 − edit distance / expected
 * length, counted in code points after NFKC normalisation and with all whitespace removed. NFKC folds
 * the full-width punctuation the recognition model emits (：￥（）) into the ASCII forms people type.
 * The result is clamped at 0, so output with many extra characters scores 0, not below.
 */
export function characterAccuracy(expected: string, actual: string): number {
  const reference = normalizeForComparison(expected);
  const hypothesis = normalizeForComparison(actual);
  if (reference.length === 0) return hypothesis.length === 0 ? 1 : 0;
  return Math.max(0, 1 - editDistance(reference, hypothesis) / reference.length);
}

/** NFKC-normalises text and removes whitespace, returning code points. */
export function normalizeForComparison(text: string): string[] {
  return [...text.normalize("NFKC").replace(/\s+/gu, "")];
}

/** Levenshtein distance (insertions, deletions, substitutions, each cost 1) between two code point arrays. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
