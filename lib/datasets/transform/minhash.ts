/**
 * MinHash signatures over character 3-grams and an LSH index that finds earlier rows whose estimated
 * Jaccard similarity reaches a threshold. Character shingles need no word segmenter, so Chinese text works
 * as well as English.
 */

export const SIGNATURE_SIZE = 64;
const SHINGLE_SIZE = 3;

// Each of the 64 hash functions is `x → mix(x ^ offset) * multiplier` over a 32-bit shingle hash. The
// constants come from a fixed seed, so signatures are equal across processes and restarts.
const MULTIPLIERS = new Uint32Array(SIGNATURE_SIZE);
const OFFSETS = new Uint32Array(SIGNATURE_SIZE);
{
  let state = 0x5eed1234;
  const next = (): number => {
    state = (state + 0x9e3779b9) | 0;
    return finalizeHash(state);
  };
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    MULTIPLIERS[i] = next() | 1;
    OFFSETS[i] = next();
  }
}

/** The murmur3 32-bit finalizer: spreads every input bit over the output. */
function finalizeHash(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const IGNORED_CHARACTERS = /[\s\p{P}\p{S}]+/gu;

/** Lower-cases the text and removes whitespace, punctuation and symbols before shingling. */
export function prepareShingleText(text: string): string {
  return text.toLowerCase().replace(IGNORED_CHARACTERS, "");
}

function hashShingle(text: string, start: number, length: number): number {
  let h = 0x2545f491;
  for (let i = start; i < start + length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return finalizeHash(h);
}

/**
 * Computes the MinHash signature of a text's character 3-grams (UTF-16 code units). A text shorter than
 * three characters is one shingle. Returns null when nothing is left after removing whitespace and
 * punctuation.
 */
export function computeSignature(text: string): Uint32Array | null {
  const prepared = prepareShingleText(text);
  if (prepared.length === 0) return null;

  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  const shingleLength = Math.min(SHINGLE_SIZE, prepared.length);
  const shingleCount = prepared.length - shingleLength + 1;
  for (let start = 0; start < shingleCount; start++) {
    const shingle = hashShingle(prepared, start, shingleLength);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      let value = Math.imul(shingle ^ OFFSETS[k]!, MULTIPLIERS[k]!);
      value = (value ^ (value >>> 15)) >>> 0;
      if (value < signature[k]!) signature[k] = value;
    }
  }
  return signature;
}

/** Estimates the Jaccard similarity of two shingle sets as the share of equal signature slots. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    if (a[k] === b[k]) equal++;
  }
  return equal / SIGNATURE_SIZE;
}

export type Banding = { bands: number; rowsPerBand: number };

/**
 * Picks the LSH banding for a threshold: the most rows per band (fewest false candidates) for which a
 * pair at exactly the threshold still becomes a candidate with probability ≥ 0.99, i.e.
 * 1 − (1 − t^r)^b ≥ 0.99. For t = 0.85 that is 10 bands of 6 rows.
 */
export function chooseBanding(threshold: number): Banding {
  for (let rowsPerBand = 16; rowsPerBand > 1; rowsPerBand--) {
    const bands = Math.floor(SIGNATURE_SIZE / rowsPerBand);
    const candidateProbability = 1 - (1 - threshold ** rowsPerBand) ** bands;
    if (candidateProbability >= 0.99) return { bands, rowsPerBand };
  }
  return { bands: SIGNATURE_SIZE, rowsPerBand: 1 };
}

// Signatures live in chunks of 1,024 rows, so memory grows by 256 KiB steps and no array is ever copied.
const CHUNK_ROWS = 1024;
// A bucket stops growing at this size. Texts that share long boilerplate would otherwise collect in a
// few buckets and make each lookup scan thousands of rows.
const MAX_BUCKET_ENTRIES = 32;

export type NearDuplicateMatch = { index: number; similarity: number };

/**
 * Signatures of the rows seen so far with LSH buckets for candidate lookup. Only rows in the same group
 * (e.g. the same label set) can match each other. Memory per row: one 256-byte signature, a group hash and
 * one bucket entry per band.
 */
export class NearDuplicateIndex {
  readonly threshold: number;
  private readonly banding: Banding;
  private readonly maxMismatches: number;
  private readonly chunks: Uint32Array[] = [];
  private readonly groups: number[] = [];
  private readonly buckets: Map<number, number | number[]>[];
  private visitedStamp = new Uint32Array(CHUNK_ROWS);
  private lookupCount = 0;

  constructor(threshold: number) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new RangeError(`Near-duplicate threshold must be in (0, 1], got ${threshold}.`);
    }
    this.threshold = threshold;
    this.banding = chooseBanding(threshold);
    this.maxMismatches = Math.floor((1 - threshold) * SIGNATURE_SIZE + 1e-9);
    this.buckets = Array.from({ length: this.banding.bands }, () => new Map());
  }

  get size(): number {
    return this.groups.length;
  }

  /** Finds the most similar stored row (the earliest one on ties) whose estimated similarity reaches the threshold. */
  findSimilar(signature: Uint32Array, group: number): NearDuplicateMatch | null {
    this.lookupCount = (this.lookupCount + 1) >>> 0 || 1;
    let best: NearDuplicateMatch | null = null;

    for (let band = 0; band < this.banding.bands; band++) {
      const entries = this.buckets[band]!.get(this.bandKey(signature, group, band));
      if (entries === undefined) continue;

      for (const index of typeof entries === "number" ? [entries] : entries) {
        if (this.visitedStamp[index] === this.lookupCount) continue;
        this.visitedStamp[index] = this.lookupCount;
        if (this.groups[index] !== group) continue;

        const similarity = this.similarityTo(index, signature);
        if (similarity === null) continue;
        if (best === null || similarity > best.similarity || (similarity === best.similarity && index < best.index)) {
          best = { index, similarity };
        }
      }
    }
    return best;
  }

  /** Stores a signature and returns its index. */
  add(signature: Uint32Array, group: number): number {
    const index = this.groups.length;
    const slot = index % CHUNK_ROWS;
    if (slot === 0) this.chunks.push(new Uint32Array(CHUNK_ROWS * SIGNATURE_SIZE));
    this.chunks[this.chunks.length - 1]!.set(signature, slot * SIGNATURE_SIZE);
    this.groups.push(group);
    if (index >= this.visitedStamp.length) {
      const grown = new Uint32Array(this.visitedStamp.length * 2);
      grown.set(this.visitedStamp);
      this.visitedStamp = grown;
    }

    for (let band = 0; band < this.banding.bands; band++) {
      const bucket = this.buckets[band]!;
      const key = this.bandKey(signature, group, band);
      const entries = bucket.get(key);
      if (entries === undefined) bucket.set(key, index);
      else if (typeof entries === "number") bucket.set(key, [entries, index]);
      else if (entries.length < MAX_BUCKET_ENTRIES) entries.push(index);
    }
    return index;
  }

  /** Returns the estimated similarity, or null as soon as too many slots differ to reach the threshold. */
  private similarityTo(index: number, signature: Uint32Array): number | null {
    const chunk = this.chunks[Math.floor(index / CHUNK_ROWS)]!;
    const offset = (index % CHUNK_ROWS) * SIGNATURE_SIZE;
    let mismatches = 0;
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      if (chunk[offset + k] !== signature[k] && ++mismatches > this.maxMismatches) return null;
    }
    return (SIGNATURE_SIZE - mismatches) / SIGNATURE_SIZE;
  }

  private bandKey(signature: Uint32Array, group: number, band: number): number {
    let h = Math.imul(group ^ band, 0x9e3779b1);
    const start = band * this.banding.rowsPerBand;
    for (let k = start; k < start + this.banding.rowsPerBand; k++) {
      h = Math.imul(h ^ signature[k]!, 0x01000193);
      h ^= h >>> 15;
    }
    return finalizeHash(h);
  }
}

/** Hashes a string to 32 bits (FNV-1a, then the murmur3 finalizer), e.g. a row's label set for grouping. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finalizeHash(h);
}
