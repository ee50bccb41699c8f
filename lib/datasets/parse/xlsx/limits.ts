/** Bounds on what an XLSX file may expand to, checked before and while inflating (zip-bomb guard). */
export const XLSX_LIMITS = {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalUncompressedBytes: 2 * 1024 ** 3,
  /**
   * Highest uncompressed:compressed ratio of one entry. Deflate reaches about 1000:1 on repeated bytes,
   * while the XML parts of ordinary workbooks compress roughly 3 to 30 times (an estimate from a few files).
   */
  maxCompressionRatio: 200,
  /** Entries up to this size may exceed the ratio: small XML parts compress very well. */
  ratioExemptBytes: 1024 ** 2,
  /** Shared strings stay in memory for the whole read, so their part is capped lower than the total. */
  maxSharedStringsBytes: 512 * 1024 ** 2,
};
