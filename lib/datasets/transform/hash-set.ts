/**
 * Keeps a set of 64-bit fingerprints taken from hex digests, in two typed arrays with open addressing. A million
 * sha256 strings in a Set<string> take about 100 MB of heap; here they take 18 to 36 MB (9 bytes per slot,
 * the table at most half full), so statistics over millions of rows stay within the importer's memory budget. Two different digests share a fingerprint
 * with a chance near n² / 2^65, negligible for any dataset size.
 */
const HEX_PREFIX = /^[0-9a-f]{16}/i;

/** FNV-1a over UTF-16 code units, for keys that are not hex digests (hand-written test rows, for example). */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function createFingerprintSet(initialCapacity = 1 << 16) {
  let capacity = initialCapacity;
  let high = new Uint32Array(capacity);
  let low = new Uint32Array(capacity);
  let used = new Uint8Array(capacity);
  let size = 0;

  const slotOf = (hi: number, lo: number, mask: number) => (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & mask;

  const insert = (hi: number, lo: number): boolean => {
    const mask = capacity - 1;
    for (let slot = slotOf(hi, lo, mask); ; slot = (slot + 1) & mask) {
      if (!used[slot]) {
        used[slot] = 1;
        high[slot] = hi;
        low[slot] = lo;
        size += 1;
        return true;
      }
      if (high[slot] === hi && low[slot] === lo) return false;
    }
  };

  const grow = () => {
    const [oldHigh, oldLow, oldUsed, oldCapacity] = [high, low, used, capacity];
    capacity *= 2;
    high = new Uint32Array(capacity);
    low = new Uint32Array(capacity);
    used = new Uint8Array(capacity);
    size = 0;
    for (let slot = 0; slot < oldCapacity; slot += 1) if (oldUsed[slot]) insert(oldHigh[slot]!, oldLow[slot]!);
  };

  return {
    /** Adds the digest's fingerprint; returns false when it was already present. */
    add(digest: string): boolean {
      // Keep the table at most half full so probe runs stay short.
      if ((size + 1) * 2 > capacity) grow();
      if (HEX_PREFIX.test(digest)) {
        return insert(Number.parseInt(digest.slice(0, 8), 16) >>> 0, Number.parseInt(digest.slice(8, 16), 16) >>> 0);
      }
      return insert(fnv1a(digest, 0x811c9dc5), fnv1a(digest, 0x01000193));
    },
    get size() {
      return size;
    },
  };
}
