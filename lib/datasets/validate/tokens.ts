import { countTokens as countO200kTokens } from "gpt-tokenizer/encoding/o200k_base";

/**
 * Token counts with the o200k_base encoding (GPT-4o and later) from gpt-tokenizer 4.
 *
 * The tokenizer's byte-pair merge is quadratic in the length of one pre-tokenized piece, and a piece is a
 * run of letters, of punctuation or of whitespace. Chinese text without punctuation forms a single piece.
 * With gpt-tokenizer 4.0.0 on Node 20 (a shared 2-core machine), 8,000 random CJK characters took 0.6 s and
 * 100,000 took 48 s to count. So long runs are counted in slices.
 */

// Special-token strings such as <|endoftext|> in user data count as ordinary text instead of throwing.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Runs longer than this are counted in slices of SLICE_CHARS. */
const LONG_RUN_CHARS = 256;
const SLICE_CHARS = 128;

/** Texts longer than this are estimated from sample windows instead of counted in full. */
const EXACT_MAX_CHARS = 200_000;
const SAMPLE_WINDOWS = 16;
const WINDOW_CHARS = 8_000;

// Runs of letters, of punctuation and of whitespace. Matching every run and checking its length is linear.
// A pattern with a {256,} quantifier backtracks at each position and took 7 to 35 times longer on 100,000
// characters of English and Chinese text.
const RUN = /[\p{L}\p{M}]+|[^\s\p{L}\p{N}]+|\s+/gu;

/**
 * Counts the tokens of a text. The count is exact unless the text contains a run of 256 or more letters,
 * punctuation marks or whitespace characters, because each slice boundary in such a run may shift the count
 * by a token. Texts over 200,000 characters get an estimate from 16 windows of 8,000 characters.
 */
export function countTokens(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  if (text.length > EXACT_MAX_CHARS) {
    return estimateTokens(text);
  }
  return countWithSlicedRuns(text);
}

function countWithSlicedRuns(text: string): number {
  if (text.length < LONG_RUN_CHARS) {
    return countO200kTokens(text, PLAIN_TEXT);
  }

  let total = 0;
  let cursor = 0;
  for (const match of text.matchAll(RUN)) {
    if (match[0].length < LONG_RUN_CHARS) {
      continue;
    }
    const start = match.index;
    total += countPlain(text.slice(cursor, start));
    total += countInSlices(match[0]);
    cursor = start + match[0].length;
  }
  total += countPlain(text.slice(cursor));
  return total;
}

function countPlain(text: string): number {
  return text.length === 0 ? 0 : countO200kTokens(text, PLAIN_TEXT);
}

function countInSlices(run: string): number {
  let total = 0;
  let start = 0;
  while (start < run.length) {
    let end = Math.min(start + SLICE_CHARS, run.length);
    // Keep surrogate pairs whole so that no slice ends in half a character.
    if (end < run.length && isHighSurrogate(run.charCodeAt(end - 1))) {
      end += 1;
    }
    total += countO200kTokens(run.slice(start, end), PLAIN_TEXT);
    start = end;
  }
  return total;
}

function estimateTokens(text: string): number {
  const step = Math.floor(text.length / SAMPLE_WINDOWS);
  let sampledTokens = 0;
  let sampledChars = 0;
  for (let window = 0; window < SAMPLE_WINDOWS; window++) {
    const start = window * step;
    const sample = text.slice(start, start + WINDOW_CHARS);
    sampledTokens += countWithSlicedRuns(sample);
    sampledChars += sample.length;
  }
  return Math.round((sampledTokens * text.length) / sampledChars);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
