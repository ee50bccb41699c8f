import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
  // The route reads the process environment, as it does under Next.js.
  process.env.DATABASE_URL = database.url;
  process.env.HOST = "127.0.0.1";
  process.env.GATEWAY_PORT = String(await findFreePort());

  // Warms the route's own client. A first query loads Prisma's query compiler, which on a busy
  // machine can exceed the probes' 5 s, and this test is about the route's response.
  const { db } = await import("@/lib/db/client");
  await db().$queryRaw`SELECT 1`;
});

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
  await database?.stop();
});

describe("GET /api/health", () => {
  it("answers 200 with the five public fields", async () => {
    const { GET, dynamic } = await import("@/app/api/health/route");

    const response = await GET();
    const body = await response.json();

    expect(dynamic).toBe("force-dynamic");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(body).sort()).toEqual(["database", "gateway", "queue", "status", "worker"]);
    expect(body).toMatchObject({ status: "degraded", database: "ok", worker: "no worker has started" });
    expect(body.gateway).toMatch(/connection refused/);
  });
});
