/** Token-count histograms on a fixed doubling scale and percentiles from a bounded sample. */

export type TokenHistogramBucket = { bucket: string; from: number; to: number | null; count: number };

// Bucket i covers [BOUNDS[i], BOUNDS[i + 1]). The last bucket is open-ended (16384+).
const BOUNDS = [0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

export function createTokenHistogram() {
  const counts = new Array<number>(BOUNDS.length).fill(0);
  return {
    add(tokens: number): void {
      let bucket = BOUNDS.length - 1;
      while (bucket > 0 && tokens < BOUNDS[bucket]!) bucket--;
      counts[bucket]!++;
    },
    buckets(): TokenHistogramBucket[] {
      return BOUNDS.map((from, index) => {
        const to = BOUNDS[index + 1] ?? null;
        return { bucket: to === null ? `${from}+` : `${from}-${to}`, from, to, count: counts[index]! };
      });
    },
  };
}

/**
 * Keeps a uniform random sample of at most `capacity` values (reservoir sampling, Algorithm R), so
 * percentiles are exact up to `capacity` values and estimates beyond. The PRNG has a fixed seed, so equal
 * input gives equal results.
 */
export function createPercentileSample(capacity: number) {
  const sample: number[] = [];
  let seen = 0;
  let state = 0x2f6b3a91;
  const random = (): number => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };

  return {
    add(value: number): void {
      seen++;
      if (sample.length < capacity) {
        sample.push(value);
        return;
      }
      const slot = Math.floor(random() * seen);
      if (slot < capacity) sample[slot] = value;
    },
    /** Returns nearest-rank percentiles, e.g. `percentiles([50, 95])`, or 0 for each when nothing was added. */
    percentiles(ranks: number[]): number[] {
      if (sample.length === 0) return ranks.map(() => 0);
      const sorted = Float64Array.from(sample).sort();
      return ranks.map((rank) => sorted[Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1)]!);
    },
  };
}
