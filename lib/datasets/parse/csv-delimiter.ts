const CANDIDATES = [",", "\t", ";", "|"] as const;

/** Records of the sample examined. More add little once the header and a few rows agree. */
const SAMPLE_RECORDS = 20;

/**
 * Counts each candidate delimiter outside quoted fields, per record of the sample. The last record is
 * left out when the sample may have cut it.
 */
function countDelimiters(sample: string, sampleIsComplete: boolean): Map<string, number[]> {
  const counts = new Map<string, number[]>(CANDIDATES.map((candidate) => [candidate, []]));
  let current = new Map<string, number>();
  let inQuotes = false;
  let records = 0;

  const closeRecord = () => {
    for (const candidate of CANDIDATES) counts.get(candidate)!.push(current.get(candidate) ?? 0);
    current = new Map();
    records++;
  };

  for (let i = 0; i < sample.length && records < SAMPLE_RECORDS; i++) {
    const char = sample[i]!;
    if (char === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes && char === "\n") {
      closeRecord();
    } else if (!inQuotes && (CANDIDATES as readonly string[]).includes(char)) {
      current.set(char, (current.get(char) ?? 0) + 1);
    }
  }
  if (sampleIsComplete && records < SAMPLE_RECORDS && current.size > 0) closeRecord();
  return counts;
}

/**
 * Picks the field delimiter of a CSV file among comma, tab, semicolon and pipe from a decoded sample of
 * its first lines. A candidate must appear in the header. The winner is the one found in the most rows
 * as often as in the header, then the one with more header columns, then the earlier candidate.
 * Returns "," when no candidate appears in the header.
 */
export function sniffDelimiter(sample: string, sampleIsComplete: boolean): string {
  const counts = countDelimiters(sample.replace(/\r\n?/g, "\n"), sampleIsComplete);
  let best: string = ",";
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const perRecord = counts.get(candidate)!;
    const headerCount = perRecord[0] ?? 0;
    if (headerCount === 0) continue;
    const agreeing = perRecord.filter((count) => count === headerCount).length / perRecord.length;
    // Agreement decides first, and the header count breaks ties between equally consistent candidates.
    const score = agreeing * 1000 + Math.min(headerCount, 999);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
