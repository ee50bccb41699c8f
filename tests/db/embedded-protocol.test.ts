import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "../helpers/database";

// Several connections send extended-protocol queries with different parameter counts at once, one of
// them with Bind messages large enough to arrive in several TCP reads. Without
// lib/db/socket-protocol-groups.ts another connection's Parse lands between that Parse and its Bind, and
// Postgres replies "bind message supplies N parameters, but prepared statement "" requires M".

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.stop();
});

async function runMany(pool: pg.Pool, count: number, width: number) {
  const columns = Array.from({ length: width }, (_, index) => `$${index + 1}::int`).join(" + ");
  const results: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, round) => {
      const values = Array.from({ length: width }, () => round);
      const { rows } = await pool.query<{ total: number }>(`SELECT ${columns} AS total`, values);
      results.push(rows[0]!.total - round * width);
    }),
  );
  return results;
}

async function runLarge(pool: pg.Pool, count: number) {
  const text = "数据".repeat(200_000);
  const lengths: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const { rows } = await pool.query<{ size: number }>("SELECT length($1::text) AS size", [text]);
      lengths.push(rows[0]!.size);
    }),
  );
  return lengths;
}

it("keeps each connection's Parse, Bind and Execute together under concurrent load", async () => {
  const pools = [0, 2, 3, 7].map(() => new pg.Pool({ connectionString: database.url, max: 3 }));
  try {
    const [large, ...small] = await Promise.all([runLarge(pools[0]!, 40), ...[2, 3, 7].map((width, index) => runMany(pools[index + 1]!, 150, width))]);
    expect(large.every((size) => size === 400_000)).toBe(true);
    for (const outcome of small) expect(outcome.every((difference) => difference === 0)).toBe(true);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
});
