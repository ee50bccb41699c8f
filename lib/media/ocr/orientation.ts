import type { PageRotation } from "./types";

/**
 * Whole-page rotation rule. The first pass reads the page as stored. The engine then also tries 90°,
 * 180° and 270° when that pass looks wrong in any of these ways:
 * - its mean line confidence is below MIN_MEAN_CONFIDENCE, or it read fewer than MIN_CHARACTERS;
 * - the direction classifier turned most regions upside down (a page upside down: per-line turning
 *   reads each line, but the lines come out in reverse order);
 * - most regions are tall (a page on its side, or genuinely vertical text).
 * Each pass scores the sum over lines of characters × confidence, reduced by FLIP_PENALTY times the
 * share of regions the classifier turned. Such a pass reads every line but puts them in reverse
 * order, so the penalty lets the rotation that needs no turning win. The best score wins. After a first pass that only
 * looked weak, another rotation must beat it by ROTATION_MARGIN, so noise does not turn a normal page;
 * after a geometric signal (flipped or tall regions) the best score wins outright. Among the other
 * rotations, a later one must beat an earlier one by TIE_MARGIN.
 */

export const MIN_MEAN_CONFIDENCE = 0.85;
export const MIN_CHARACTERS = 3;
export const ROTATION_MARGIN = 1.1;
/** Between two rotated passes, a later one must score this much higher to replace an earlier one. */
const TIE_MARGIN = 1.02;
const FLIP_PENALTY = 0.2;

export type PassSummary = {
  rotation: PageRotation;
  characters: number;
  meanConfidence: number;
  detected: number;
  flipped: number;
  tall: number;
  score: number;
};

/** Tried in this order; on equal scores the earlier one stays, so an upside-down line reports 180°, not 90°. */
export const OTHER_ROTATIONS: PageRotation[] = [180, 90, 270];

/** Builds the summary of a pass from its lines and its region counts. */
export function summarizePass(
  rotation: PageRotation,
  lines: { text: string; confidence: number }[],
  regions: { detected: number; flipped: number; tall: number },
): PassSummary {
  let characters = 0;
  let score = 0;
  let confidenceSum = 0;
  for (const line of lines) {
    const count = countCharacters(line.text);
    characters += count;
    score += count * line.confidence;
    confidenceSum += line.confidence;
  }
  const meanConfidence = lines.length > 0 ? confidenceSum / lines.length : 0;
  const flippedShare = regions.detected > 0 ? regions.flipped / regions.detected : 0;
  score *= 1 - FLIP_PENALTY * flippedShare;
  return { rotation, characters, meanConfidence, score, ...regions };
}

/** Characters other than whitespace, counted by code point. */
export function countCharacters(text: string): number {
  return [...text.replace(/\s+/g, "")].length;
}

export function looksWeak(first: PassSummary): boolean {
  return first.meanConfidence < MIN_MEAN_CONFIDENCE || first.characters < MIN_CHARACTERS;
}

export function looksTurned(first: PassSummary): boolean {
  return first.detected > 0 && (first.flipped * 2 > first.detected || first.tall * 2 > first.detected);
}

export function needsRotationSearch(first: PassSummary): boolean {
  return looksWeak(first) || looksTurned(first);
}

/** Picks the pass to keep: `passes[0]` is the first pass at 0°, the rest are the other rotations. */
export function chooseRotation(passes: PassSummary[]): PassSummary {
  const first = passes[0]!;
  const margin = looksTurned(first) ? 1 : ROTATION_MARGIN;

  let best = first;
  for (const candidate of passes.slice(1)) {
    const threshold = best === first ? first.score * margin : best.score * TIE_MARGIN;
    if (candidate.score > threshold) best = candidate;
  }
  return best;
}
