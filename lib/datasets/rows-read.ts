import type { Db } from "@/lib/db/client";
import type { Review, RowData, Split } from "./model";

/** A stored row as domain code reads it. */
export type StoredRow = {
  id: string;
  rowKey: string;
  position: number;
  split: Split | null;
  data: RowData;
  labels: string[];
  review: Review | null;
  note: string;
  flags: string[];
  tokens: number;
  hash: string;
  sourceLine: number | null;
};

type RawRow = Omit<StoredRow, "id"> & { id: bigint };

const ROW_COLUMNS = `id, "rowKey", position, split, data, labels, review, note, flags, tokens, hash, "sourceLine"`;

function toStoredRow(raw: RawRow): StoredRow {
  return { ...raw, id: raw.id.toString() };
}

/** Reads every row of a version in position order, a page at a time, so memory stays flat for any size. */
export async function* iterateRows(db: Db, versionId: string, pageSize = 2_000): AsyncGenerator<StoredRow> {
  let after = -1;
  for (;;) {
    const page = await db.$queryRawUnsafe<RawRow[]>(
      `SELECT ${ROW_COLUMNS} FROM "DatasetRow" WHERE "versionId" = $1 AND position > $2 ORDER BY position LIMIT $3`,
      versionId,
      after,
      pageSize,
    );
    for (const raw of page) yield toStoredRow(raw);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.position;
  }
}

export type RowFilter = {
  split?: Split | "none";
  label?: string;
  flag?: string;
  review?: Review | "unreviewed";
  search?: string;
};

function filterSql(filter: RowFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.split === "none") clauses.push(`split IS NULL`);
  else if (filter.split) clauses.push(`split = ${add(filter.split)}`);
  if (filter.label) clauses.push(`${add(filter.label)} = ANY(labels)`);
  if (filter.flag) clauses.push(`${add(filter.flag)} = ANY(flags)`);
  if (filter.review === "unreviewed") clauses.push(`review IS NULL`);
  else if (filter.review) clauses.push(`review = ${add(filter.review)}`);
  if (filter.search) {
    // The pattern is matched literally: LIKE wildcards in the search text are escaped. Matching the JSON
    // text of the row avoids storing a second copy of every row for search; JSON keys such as "content"
    // also match, which is harmless for a console search box.
    const escaped = filter.search.replace(/[\\%_]/g, (char) => `\\${char}`);
    clauses.push(`(data::text || ' ' || array_to_string(labels, ' ') || ' ' || note) ILIKE ${add(`%${escaped}%`)}`);
  }
  return clauses.length ? ` AND ${clauses.join(" AND ")}` : "";
}

/**
 * Reads one page of a version's rows for the table, in position order from `afterPosition`. Positions are
 * dense from 0, so the table can also jump to any offset with `afterPosition = offset - 1` when unfiltered.
 */
export async function listRows(
  db: Db,
  versionId: string,
  options: { filter?: RowFilter; afterPosition?: number; limit: number },
): Promise<{ rows: StoredRow[]; nextPosition: number | null }> {
  const params: unknown[] = [versionId, options.afterPosition ?? -1];
  const where = filterSql(options.filter ?? {}, params);
  params.push(options.limit + 1);
  const raw = await db.$queryRawUnsafe<RawRow[]>(
    `SELECT ${ROW_COLUMNS} FROM "DatasetRow" WHERE "versionId" = $1 AND position > $2${where} ORDER BY position LIMIT $${params.length}`,
    ...params,
  );
  const rows = raw.slice(0, options.limit).map(toStoredRow);
  const nextPosition = raw.length > options.limit ? rows[rows.length - 1]!.position : null;
  return { rows, nextPosition };
}

/** Rows matching a filter; with no filter this is the version's row count. */
export async function countRows(db: Db, versionId: string, filter: RowFilter = {}): Promise<number> {
  const params: unknown[] = [versionId];
  const where = filterSql(filter, params);
  const [result] = await db.$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT count(*) AS count FROM "DatasetRow" WHERE "versionId" = $1${where}`,
    ...params,
  );
  return Number(result?.count ?? 0);
}

export async function findRow(db: Db, versionId: string, rowKey: string): Promise<StoredRow | null> {
  const [raw] = await db.$queryRawUnsafe<RawRow[]>(
    `SELECT ${ROW_COLUMNS} FROM "DatasetRow" WHERE "versionId" = $1 AND "rowKey" = $2 LIMIT 1`,
    versionId,
    rowKey,
  );
  return raw ? toStoredRow(raw) : null;
}
