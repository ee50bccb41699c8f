import { SIGNATURE_SIZE } from "./minhash";

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
 * Signatures of the rows added so far with LSH buckets for candidate lookup. Only rows in the same group
 * (e.g. the same label set) can match each other. Everything is kept in typed arrays: per row a 256-byte
 * signature, a group hash and, per band, one bucket entry of 8 bytes plus its share of the bucket table.
 */
export class NearDuplicateIndex {
  readonly threshold: number;
  private readonly banding: Banding;
  private readonly maxMismatches: number;
  private readonly chunks: Uint32Array[] = [];
  private groups = new Int32Array(CHUNK_ROWS);
  private visitedStamp = new Uint32Array(CHUNK_ROWS);
  private lookupCount = 0;
  private count = 0;
  private readonly buckets = new BucketTable();

  constructor(threshold: number) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new RangeError(`Near-duplicate threshold must be in (0, 1], got ${threshold}.`);
    }
    this.threshold = threshold;
    this.banding = chooseBanding(threshold);
    this.maxMismatches = Math.floor((1 - threshold) * SIGNATURE_SIZE + 1e-9);
  }

  get size(): number {
    return this.count;
  }

  /** Finds the most similar stored row (the earliest one on ties) whose estimated similarity reaches the threshold. */
  findSimilar(signature: Uint32Array, group: number): NearDuplicateMatch | null {
    this.lookupCount = (this.lookupCount + 1) >>> 0 || 1;
    const groupKey = group | 0;
    let best: NearDuplicateMatch | null = null;

    for (let band = 0; band < this.banding.bands; band++) {
      for (let entry = this.buckets.first(this.bandKey(signature, groupKey, band)); entry !== -1; entry = this.buckets.next(entry)) {
        const index = this.buckets.row(entry);
        if (this.visitedStamp[index] === this.lookupCount) continue;
        this.visitedStamp[index] = this.lookupCount;
        if (this.groups[index] !== groupKey) continue;

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
    const index = this.count++;
    const slot = index % CHUNK_ROWS;
    if (slot === 0) this.chunks.push(new Uint32Array(CHUNK_ROWS * SIGNATURE_SIZE));
    this.chunks[this.chunks.length - 1]!.set(signature, slot * SIGNATURE_SIZE);

    if (index >= this.groups.length) {
      this.groups = growInt32(this.groups);
      const stamps = new Uint32Array(this.groups.length);
      stamps.set(this.visitedStamp);
      this.visitedStamp = stamps;
    }
    this.groups[index] = group | 0;

    for (let band = 0; band < this.banding.bands; band++) {
      this.buckets.add(this.bandKey(signature, group | 0, band), index);
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
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }
}

function growInt32(array: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * Open-addressing hash table from a 32-bit band key to a linked list of row indices, newest first. It
 * replaces a Map of arrays, which cost far more memory and garbage collection at 100k rows and more.
 * Each slot keeps key, list head and list length side by side (and each entry its row and next link), so
 * a lookup touches one cache line per probe.
 */
class BucketTable {
  // Per slot: [key, head entry + 1 (0 marks a free slot), list length].
  private slots = new Int32Array(3 << 12);
  private slotCount = 1 << 12;
  private usedSlots = 0;
  // Per entry: [row index, next entry + 1 (0 ends the list)].
  private entries = new Int32Array(2 << 12);
  private entryCount = 0;

  /** Returns the first entry of a key's bucket, or -1 when the bucket is empty. */
  first(key: number): number {
    return this.slots[this.findSlot(key) * 3 + 1]! - 1;
  }

  next(entry: number): number {
    return this.entries[entry * 2 + 1]! - 1;
  }

  row(entry: number): number {
    return this.entries[entry * 2]!;
  }

  add(key: number, row: number): void {
    let slot = this.findSlot(key);
    if (this.slots[slot * 3 + 1] === 0) {
      if ((this.usedSlots + 1) * 2 > this.slotCount) {
        this.rehash();
        slot = this.findSlot(key);
      }
      this.slots[slot * 3] = key;
      this.usedSlots++;
    }
    const base = slot * 3;
    if (this.slots[base + 2]! >= MAX_BUCKET_ENTRIES) return;

    if ((this.entryCount + 1) * 2 > this.entries.length) this.entries = growInt32(this.entries);
    const entry = this.entryCount++;
    this.entries[entry * 2] = row;
    this.entries[entry * 2 + 1] = this.slots[base + 1]!;
    this.slots[base + 1] = entry + 1;
    this.slots[base + 2]!++;
  }

  private findSlot(key: number): number {
    const mask = this.slotCount - 1;
    let slot = key & mask;
    while (this.slots[slot * 3 + 1] !== 0 && this.slots[slot * 3] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(): void {
    const old = this.slots;
    const oldCount = this.slotCount;
    this.slotCount = oldCount * 2;
    this.slots = new Int32Array(this.slotCount * 3);
    for (let slot = 0; slot < oldCount; slot++) {
      if (old[slot * 3 + 1] === 0) continue;
      const target = this.findSlot(old[slot * 3]!) * 3;
      this.slots[target] = old[slot * 3]!;
      this.slots[target + 1] = old[slot * 3 + 1]!;
      this.slots[target + 2] = old[slot * 3 + 2]!;
    }
  }
}
