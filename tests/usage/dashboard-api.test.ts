import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as breakdownExport } from "@/app/api/v1/usage/breakdown/route";
import { GET as csvExport } from "@/app/api/v1/usage/export/route";
import { GET as overviewExport } from "@/app/api/v1/usage/overview/route";
import { GET as seriesExport } from "@/app/api/v1/usage/series/route";
import { GET as topQueriesExport } from "@/app/api/v1/usage/top-queries/route";
import { apiRequest, handlerFor, readData, readJson, seedWorkspace, type ErrorBody } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { createKeyRow, gatewayEntry, minutesFrom, writeEntries } from "./dashboard-fixtures";

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let otherToken: string;

const DAY = new Date(Date.UTC(2026, 2, 10));
const VIEW = "granularity=day&from=2026-03-09T00:00:00Z&to=2026-03-10T23:59:00Z";

const call = (exported: typeof seriesExport, path: string, token = seed.viewer.token) => handlerFor(exported, database.db)(apiRequest(path, { token }));

beforeAll(async () => {
  database = await startTestDatabase();
  seed = await seedWorkspace(database.db);
  const ws = seed.workspace.id;
  const key = await createKeyRow(database.db, ws, "客服, \"VIP\"\n二线");
  const formulaKey = await createKeyRow(database.db, ws, "=HYPERLINK(\"http://127.0.0.1/\")");

  await writeEntries(database.db, [
    gatewayEntry(ws, minutesFrom(DAY, 60), { apiKeyId: key.id, route: "support", inputTokens: 10, outputTokens: 5, cost: 0.5, currency: "CNY" }),
    gatewayEntry(ws, minutesFrom(DAY, 61), { apiKeyId: key.id, route: "support", inputTokens: 20, outputTokens: 5, cost: 0.25, currency: "USD" }),
    gatewayEntry(ws, minutesFrom(DAY, 62), { apiKeyId: formulaKey.id, route: "chat", inputTokens: 1, outputTokens: 1 }),
    // Today in real time, so the overview (which always ends now) has something to count.
    gatewayEntry(ws, new Date(), { route: "live", inputTokens: 7, outputTokens: 3 }),
  ]);

  const other = await database.db.workspace.create({ data: { slug: "other", name: "Other" } });
  const { createMember } = await import("../api/fixtures");
  otherToken = (await createMember(database.db, other.id, "other@example.com", "admin")).token;
  await writeEntries(database.db, [gatewayEntry(other.id, minutesFrom(DAY, 60), { route: "support", inputTokens: 1_000, cost: 9, currency: "CNY" })]);
});

afterAll(async () => {
  await database.stop();
});

describe("GET /api/v1/usage/*", () => {
  it("serves the overview to a viewer", async () => {
    const overview = await readData<{ today: { totalTokens: number }; timeZone: string }>(await call(overviewExport, "/usage/overview?timeZone=Asia/Shanghai"), overviewExport);
    expect(overview.timeZone).toBe("Asia/Shanghai");
    expect(overview.today.totalTokens).toBe(10);
  });

  it("serves a day series", async () => {
    const series = await readData<{ points: Array<{ bucket: string; requests: number; costs: unknown[] }> }>(await call(seriesExport, `/usage/series?${VIEW}`), seriesExport);
    expect(series.points.map((point) => point.bucket)).toEqual(["2026-03-09T00:00:00.000Z", "2026-03-10T00:00:00.000Z"]);
    expect(series.points[1]!.requests).toBe(3);
    expect(series.points[1]!.costs).toEqual([
      { currency: "CNY", cost: 0.5 },
      { currency: "USD", cost: 0.25 },
    ]);
  });

  it("serves a breakdown by route", async () => {
    const breakdown = await readData<{ items: Array<{ id: string; requests: number }> }>(await call(breakdownExport, `/usage/breakdown?by=route&${VIEW}`), breakdownExport);
    expect(breakdown.items.map((item) => [item.id, item.requests])).toEqual([
      ["support", 2],
      ["chat", 1],
    ]);
  });

  it("keeps workspaces apart", async () => {
    const breakdown = await readData<{ items: Array<{ id: string; requests: number }>; totals: { inputTokens: number } }>(
      await call(breakdownExport, `/usage/breakdown?by=route&${VIEW}`, otherToken),
      breakdownExport,
    );
    expect(breakdown.items).toEqual([expect.objectContaining({ id: "support", requests: 1 })]);
    expect(breakdown.totals.inputTokens).toBe(1_000);
  });

  it("serves top queries", async () => {
    const top = await readData<{ items: unknown[] }>(await call(topQueriesExport, "/usage/top-queries?day=2026-03-10"), topQueriesExport);
    expect(top.items).toEqual([]);
  });

  it("rejects bad parameters", async () => {
    const cases = [
      [seriesExport, "/usage/series?granularity=week"],
      [seriesExport, "/usage/series?granularity=minute&from=2026-03-01&to=2026-03-10"],
      [seriesExport, "/usage/series?from=2026-03-10&to=2026-03-01"],
      [breakdownExport, `/usage/breakdown?by=provider&${VIEW}`],
      [overviewExport, "/usage/overview?timeZone=Not/AZone"],
      [topQueriesExport, "/usage/top-queries?day=10.03.2026"],
      [topQueriesExport, "/usage/top-queries?limit=1000"],
      [csvExport, `/usage/export?part=everything&${VIEW}`],
    ] as const;
    for (const [exported, path] of cases) {
      const response = await call(exported, path);
      expect(response.status, path).toBe(400);
      expect((await readJson<ErrorBody>(response)).error.code, path).toBe("INVALID_INPUT");
    }
  });

  it("requires authentication", async () => {
    const response = await handlerFor(seriesExport, database.db)(apiRequest("/usage/series"));
    expect(response.status).toBe(401);
  });
});

describe("GET /api/v1/usage/export", () => {
  it("exports the series as CSV with a BOM", async () => {
    const response = await call(csvExport, `/usage/export?part=series&${VIEW}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="luodi-usage-series-day-\d{4}-\d{2}-\d{2}\.csv"/);

    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1).split("\r\n");
    expect(lines[0]).toBe("Bucket start (UTC),Requests,Failed calls,Error rate,Cache hits,Input tokens,Output tokens,Mean latency (ms),p95 latency (ms),Mean TTFT (ms),Cost (CNY),Cost (USD)");
    expect(lines[2]!.startsWith("2026-03-10T00:00:00.000Z,3,0,0,0,31,11,")).toBe(true);
    expect(lines[2]!.endsWith(",0.5,0.25")).toBe(true);
    expect(lines[3]).toBe("");
  });

  it("escapes key names in the breakdown", async () => {
    const response = await call(csvExport, `/usage/export?part=key&locale=zh-CN&${VIEW}`);
    const text = (await response.text()).replace(/^\uFEFF/, "");

    expect(text.startsWith("名称,ID,提供方或密钥前缀,请求数,")).toBe(true);
    expect(text).toContain('"客服, ""VIP""\n二线",');
    expect(text).toContain(`"'=HYPERLINK(""http://127.0.0.1/"")",`);
  });
});
