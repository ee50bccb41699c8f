export type DiffSegment = { kind: "same" | "removed" | "added"; text: string };

/** Most DP cells the exact diff fills (about 8 MB of Uint32); larger middles fall back to one replaced block. */
const MAX_DIFF_CELLS = 2_000_000;

/**
 * Splits text into diff tokens: each Han character alone (Chinese has no spaces between words), runs of
 * other letters and digits, runs of whitespace, and every other character alone.
 */
export function tokenizeForDiff(text: string): string[] {
  return text.match(/\p{Script=Han}|[\p{L}\p{N}_]+|\s+|[^]/gu) ?? [];
}

/**
 * Computes a token-level diff of two texts with a longest-common-subsequence table, after trimming the
 * shared prefix and suffix. Adjacent segments of the same kind are merged. When the changed middle is too
 * large for the table, it is reported as removed and added whole.
 */
export function diffText(before: string, after: string): DiffSegment[] {
  const a = tokenizeForDiff(before);
  const b = tokenizeForDiff(after);

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const segments: DiffSegment[] = [];
  push(segments, "same", a.slice(0, start).join(""));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if ((middleA.length + 1) * (middleB.length + 1) > MAX_DIFF_CELLS) {
    push(segments, "removed", middleA.join(""));
    push(segments, "added", middleB.join(""));
  } else {
    for (const segment of diffTokens(middleA, middleB)) push(segments, segment.kind, segment.text);
  }
  push(segments, "same", a.slice(endA).join(""));
  return segments;
}

function push(segments: DiffSegment[], kind: DiffSegment["kind"], text: string) {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && last.kind === kind) last.text += text;
  else segments.push({ kind, text });
}

function diffTokens(a: string[], b: string[]): DiffSegment[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // lengths[i * width + j] is the LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }

  const segments: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push(segments, "same", a[i]!);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      push(segments, "removed", a[i]!);
      i++;
    } else {
      push(segments, "added", b[j]!);
      j++;
    }
  }
  while (i < n) push(segments, "removed", a[i++]!);
  while (j < m) push(segments, "added", b[j++]!);
  return segments;
}
