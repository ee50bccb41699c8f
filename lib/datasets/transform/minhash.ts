/**
 * MinHash signatures over character 3-grams. Character shingles need no word segmenter, so Chinese text
 * works as well as English. `lsh.ts` indexes the signatures for near-duplicate lookup.
 */

export const SIGNATURE_SIZE = 64;
const SHINGLE_SIZE = 3;
const SLOT_BITS = 6; // 2^6 = SIGNATURE_SIZE slots
const VALUE_MASK = (1 << (32 - SLOT_BITS)) - 1;
const EMPTY_SLOT = 0xffffffff;

/** Mixes a 32-bit value with the murmur3 finalizer, so every input bit affects every output bit. */
export function finalizeHash(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a string to 32 bits (FNV-1a, then the murmur3 finalizer), e.g. a row's label set. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finalizeHash(h);
}

const IGNORED_CHARACTER = /^[\s\p{P}\p{S}]+$/u;
// Per BMP code unit: 0 while unclassified, 1 for whitespace, punctuation and symbols (dropped), otherwise
// 2 + the lower-cased code unit. Filled on first use, so each code unit meets the regex once per process.
const UNCLASSIFIED = 0;
const DROPPED = 1;
const CODE_OFFSET = 2;
const CODE_UNIT_CLASSES = new Int32Array(0x10000);
let scratch = new Uint16Array(4096);

function classifyCodeUnit(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code + CODE_OFFSET; // the caller handles surrogate pairs
  const char = String.fromCharCode(code);
  if (IGNORED_CHARACTER.test(char)) return DROPPED;
  const lower = char.toLowerCase();
  return (lower.length === 1 ? lower.charCodeAt(0) : code) + CODE_OFFSET;
}

/**
 * Lower-cases the text and removes whitespace, punctuation and symbols (emoji included) into a reused
 * buffer. Returns the number of code units written.
 */
function prepareCodeUnits(text: string): number {
  if (scratch.length < text.length) scratch = new Uint16Array(text.length * 2);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const pair = text.slice(i, i + 2);
      i++;
      if (IGNORED_CHARACTER.test(pair)) continue;
      scratch[length++] = code;
      scratch[length++] = pair.charCodeAt(1);
      continue;
    }
    let kind = CODE_UNIT_CLASSES[code]!;
    if (kind === UNCLASSIFIED) {
      kind = classifyCodeUnit(code);
      CODE_UNIT_CLASSES[code] = kind;
    }
    if (kind !== DROPPED) scratch[length++] = kind - CODE_OFFSET;
  }
  return length;
}

/** Returns the text that shingles are taken from: lower-cased, without whitespace, punctuation and symbols. */
export function prepareShingleText(text: string): string {
  const length = prepareCodeUnits(text);
  let prepared = "";
  for (let i = 0; i < length; i++) prepared += String.fromCharCode(scratch[i]!);
  return prepared;
}

/**
 * Computes a 64-slot MinHash signature of a text's character 3-grams (UTF-16 code units). A text shorter
 * than three characters is one shingle. Returns null when nothing is left after removing whitespace and
 * punctuation.
 *
 * The signature uses one-permutation hashing: one hash per shingle, whose top 6 bits pick a slot and whose
 * other 26 bits compete for that slot's minimum. That costs one hash per shingle instead of 64, and two
 * texts agree on a slot with probability equal to their Jaccard similarity. Slots that no shingle reached
 * copy the value of a filled slot chosen by a fixed hash of (slot, attempt), the same choice for every
 * text, so short texts keep that property.
 */
export function computeSignature(text: string): Uint32Array | null {
  const length = prepareCodeUnits(text);
  if (length === 0) return null;

  const signature = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY_SLOT);
  const shingleLength = Math.min(SHINGLE_SIZE, length);
  for (let start = 0; start + shingleLength <= length; start++) {
    let h = 0x2545f491;
    for (let i = start; i < start + shingleLength; i++) h = Math.imul(h ^ scratch[i]!, 0x01000193);
    h = finalizeHash(h);
    const slot = h >>> (32 - SLOT_BITS);
    const value = h & VALUE_MASK;
    if (value < signature[slot]!) signature[slot] = value;
  }

  fillEmptySlots(signature);
  return signature;
}

const filledSlots = new Uint8Array(SIGNATURE_SIZE);

function fillEmptySlots(signature: Uint32Array): void {
  let empty = 0;
  for (let slot = 0; slot < SIGNATURE_SIZE; slot++) {
    const filled = signature[slot] !== EMPTY_SLOT;
    filledSlots[slot] = filled ? 1 : 0;
    if (!filled) empty++;
  }
  if (empty === 0) return;

  for (let slot = 0; slot < SIGNATURE_SIZE; slot++) {
    if (filledSlots[slot]) continue;
    for (let attempt = 1; ; attempt++) {
      const source = finalizeHash(Math.imul(slot + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) & (SIGNATURE_SIZE - 1);
      if (filledSlots[source]) {
        signature[slot] = signature[source]!;
        break;
      }
    }
  }
}

/** Estimates the Jaccard similarity of two shingle sets as the share of equal signature slots. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    if (a[k] === b[k]) equal++;
  }
  return equal / SIGNATURE_SIZE;
}
