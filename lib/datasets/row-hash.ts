import { createHash, randomBytes } from "node:crypto";
import type { CanonicalRow } from "./model";

/** sha256 of a row's content. Key order is fixed here, so equal content always hashes equal. */
export function hashRow(row: CanonicalRow): string {
  const canonical = JSON.stringify([row.data, row.labels, row.split, row.review, row.note]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Generates a stable row identity: 64 random bits, URL-safe. */
export function newRowKey(): string {
  return randomBytes(8).toString("base64url");
}

/** Folds row hashes, in position order, into a version's content hash. */
export function createVersionDigest() {
  const hash = createHash("sha256");
  return {
    add(rowHash: string) {
      hash.update(rowHash);
    },
    digest(): string {
      return hash.digest("hex");
    },
  };
}
