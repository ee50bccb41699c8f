import type { Db } from "@/lib/db/client";
import type { CanonicalRow } from "./model";
import { createVersionDigest, hashRow, newRowKey } from "./row-hash";

/** A row ready to be written into a version. */
export type RowToWrite = CanonicalRow & {
  rowKey?: string;
  tokens: number;
  flags?: string[];
  sourceLine?: number | null;
  hash?: string;
};

// One statement inserts a whole batch through unnest, which is an order of magnitude faster than
// row-by-row inserts through pglite-socket. Labels and flags travel as array literals in text, because
// Postgres arrays of arrays must be rectangular.
const INSERT_BATCH_SQL = `
INSERT INTO "DatasetRow" ("versionId", "position", "rowKey", "split", "data", "labels", "review", "note", "flags", "tokens", "hash", "sourceLine")
SELECT $1, t.position, t.row_key, t.split, t.data::jsonb, t.labels::text[], t.review, t.note, t.flags::text[],
       t.tokens, t.hash, t.source_line
FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::int[])
  AS t(position, row_key, split, data, labels, review, note, flags, tokens, hash, source_line)`;

export const WRITE_BATCH_SIZE = 1_000;

/** Formats strings as a Postgres array literal, for example {"a","b \"c\""}. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/**
 * Buffers rows for one version and writes them in batches, numbering positions from `startPosition`.
 * It also folds each row's hash into the version's content hash, so callers that write a version in
 * order get the hash without reading the rows back.
 */
export function createRowWriter(db: Db, versionId: string, startPosition = 0) {
  let buffer: { row: RowToWrite; hash: string; position: number }[] = [];
  let position = startPosition;
  const digest = createVersionDigest();
  // One batch may be in flight while the caller parses the next. Parsing and the insert then overlap,
  // and a second full batch waits for the first.
  let inFlight: Promise<unknown> | null = null;

  const send = (batch: typeof buffer) =>
    db.$executeRawUnsafe(
      INSERT_BATCH_SQL,
      versionId,
      batch.map((item) => item.position),
      batch.map((item) => item.row.rowKey ?? newRowKey()),
      batch.map((item) => item.row.split),
      batch.map((item) => JSON.stringify(item.row.data)),
      batch.map((item) => textArrayLiteral(item.row.labels)),
      batch.map((item) => item.row.review),
      batch.map((item) => item.row.note),
      batch.map((item) => textArrayLiteral(item.row.flags ?? [])),
      batch.map((item) => item.row.tokens),
      batch.map((item) => item.hash),
      batch.map((item) => item.row.sourceLine ?? null),
    );

  const startBatch = async () => {
    if (inFlight) await inFlight;
    inFlight = null;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    inFlight = send(batch);
    // A failure surfaces at the next write or flush, which await it; mark it handled meanwhile.
    inFlight.catch(() => undefined);
  };

  const flush = async () => {
    await startBatch();
    if (inFlight) await inFlight;
    inFlight = null;
  };

  return {
    /** Queues a row and returns its hash; writes a batch when the buffer is full. */
    async write(row: RowToWrite): Promise<string> {
      const hash = row.hash ?? hashRow(row);
      digest.add(hash);
      buffer.push({ row, hash, position: position++ });
      if (buffer.length >= WRITE_BATCH_SIZE) await startBatch();
      return hash;
    },
    flush,
    /** Waits for the batch in flight, ignoring its outcome; callers cleaning up after a failure need the database quiet. */
    async settle() {
      await inFlight?.catch(() => undefined);
      inFlight = null;
    },
    /** Rows written or queued so far, including `startPosition`. */
    count: () => position,
    contentHash: () => digest.digest(),
  };
}

/** Copies every row of one version into another, keeping row keys, positions and content. */
export async function copyRows(db: Db, fromVersionId: string, toVersionId: string): Promise<number> {
  return db.$executeRawUnsafe(
    `INSERT INTO "DatasetRow" ("versionId", "position", "rowKey", "split", "data", "labels", "review", "note", "flags", "tokens", "hash", "sourceLine")
     SELECT $2, "position", "rowKey", "split", "data", "labels", "review", "note", "flags", "tokens", "hash", "sourceLine"
     FROM "DatasetRow" WHERE "versionId" = $1`,
    fromVersionId,
    toVersionId,
  );
}

/** Deletes a version that is still building, rows first; ready and draft versions are left alone. */
export async function deleteBuildingVersion(db: Db, versionId: string): Promise<void> {
  await deleteVersionRows(db, versionId);
  await db.datasetVersion.deleteMany({ where: { id: versionId, status: "building" } });
}

/** Removes a version's rows in chunks, so one huge DELETE does not hold the embedded database's only transaction slot. */
export async function deleteVersionRows(db: Db, versionId: string, chunk = 20_000): Promise<void> {
  for (;;) {
    const deleted = await db.$executeRawUnsafe(
      `DELETE FROM "DatasetRow" WHERE id IN (SELECT id FROM "DatasetRow" WHERE "versionId" = $1 LIMIT $2)`,
      versionId,
      chunk,
    );
    if (deleted < chunk) return;
  }
}
