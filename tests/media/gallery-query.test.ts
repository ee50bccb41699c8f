import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as tagsExport } from "@/app/api/v1/media/tags/route";
import { apiRequest, readData } from "../api/fixtures";
import { silentWav, startMediaHarness, type MediaHarness, type MediaView } from "./harness";

let harness: MediaHarness;
let token: string;
const ids: Record<string, string> = {};

async function solidPng(color: string): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 16, channels: 3, background: color } }).png().toBuffer();
}

/**
 * Five images and one audio file, with OCR results written into the rows the way the OCR job stores
 * them, and upload times spread over three days.
 */
beforeAll(async () => {
  harness = await startMediaHarness();
  token = harness.seed.admin.token;

  const colors = { receipt: "#ff0000", label: "#00ff00", blank: "#0000ff", menu: "#ffff00", card: "#00ffff" };
  const outcomes = await harness.upload(token, [
    ...(await Promise.all(Object.entries(colors).map(async ([name, color]) => ({ name: `${name}.png`, bytes: await solidPng(color) })))),
    { name: "call.wav", bytes: silentWav(1) },
  ]);
  for (const outcome of outcomes) ids[outcome.filename.split(".")[0]!] = outcome.asset!.id;
  for (const id of Object.values(ids)) await harness.waitUntilProcessed(token, id);

  const ocr = (text: string) => ({ ocrStatus: "done", ocrText: text, ocrBoxes: [{ text, confidence: 0.97, box: [[1, 1], [20, 1], [20, 10], [1, 10]] }] });
  await harness.db.mediaAsset.update({ where: { id: ids.receipt }, data: { ...ocr("农夫山泉 天然水 550ml 价格 2.00元"), createdAt: new Date("2026-11-01T08:00:00Z") } });
  await harness.db.mediaAsset.update({ where: { id: ids.label }, data: { ...ocr("Nongfu Spring Natural Water"), createdAt: new Date("2026-11-02T08:00:00Z") } });
  await harness.db.mediaAsset.update({ where: { id: ids.blank }, data: { ocrStatus: "done", ocrText: "", createdAt: new Date("2026-11-03T08:00:00Z") } });
  await harness.db.mediaAsset.update({ where: { id: ids.menu }, data: { ...ocr("菜单 宫保鸡丁 38元"), createdAt: new Date("2026-11-03T09:00:00Z") } });
  await harness.db.mediaAsset.update({ where: { id: ids.card }, data: { caption: "100% cotton_tag \\ back" } });
});

afterAll(async () => {
  await harness?.stop();
});

async function listIds(query: Record<string, string>): Promise<string[]> {
  return (await harness.list(token, query)).data.map((asset) => asset.id);
}

describe("media gallery queries", () => {
  it("filters by kind", async () => {
    expect(await listIds({ kind: "audio" })).toEqual([ids.call]);
    expect(await listIds({ kind: "image" })).toHaveLength(5);
  });

  it("filters by whether OCR found text", async () => {
    expect(new Set(await listIds({ hasText: "true" }))).toEqual(new Set([ids.receipt, ids.label, ids.menu]));
    expect(new Set(await listIds({ hasText: "false" }))).toEqual(new Set([ids.blank, ids.card, ids.call]));
  });

  it("searches recognised text", async () => {
    expect(await listIds({ q: "天然水" })).toEqual([ids.receipt]);
    expect(await listIds({ q: "nongfu" })).toEqual([ids.label]);
    expect(await listIds({ q: "元" })).toEqual([ids.menu, ids.receipt]);
    expect(await listIds({ q: "100%" })).toEqual([ids.card]);
    expect(await listIds({ q: "%" })).toEqual([ids.card]);
    expect(await listIds({ q: "o_t" })).toEqual([]);
    expect(await listIds({ q: "_tag" })).toEqual([ids.card]);
    expect(await listIds({ q: "\\ b" })).toEqual([ids.card]);
  });

  it("filters by upload date range", async () => {
    expect(await listIds({ from: "2026-11-02T00:00:00Z", to: "2026-11-03T08:30:00Z" })).toEqual([ids.blank, ids.label]);
  });

  it("edits tags and filters by tag", async () => {
    const response = await harness.patch(token, ids.receipt!, { tags: [" 饮料 ", "receipt", "饮料"] });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as { data: MediaView };
    expect(updated.data.tags).toEqual(["饮料", "receipt"]);
    await harness.patch(token, ids.label!, { tags: ["饮料"], caption: "A bottle label" });

    expect(new Set(await listIds({ tag: "饮料" }))).toEqual(new Set([ids.receipt, ids.label]));
    expect(await listIds({ tag: "饮料", q: "价格" })).toEqual([ids.receipt]);
    expect(await listIds({ q: "bottle label" })).toEqual([ids.label]);

    const tags = await readData<{ tag: string; count: number }[]>(await harness.handler(tagsExport)(apiRequest("/media/tags", { token })), tagsExport);
    expect(tags).toEqual([
      { tag: "饮料", count: 2 },
      { tag: "receipt", count: 1 },
    ]);

    const audit = await harness.db.auditEvent.findFirst({ where: { action: "media.update", targetId: ids.receipt } });
    expect(audit?.changes).toEqual({ tags: { from: [], to: ["饮料", "receipt"] } });
  });

  it("rejects bad tag edits and viewers", async () => {
    const tooLong = await harness.patch(token, ids.menu!, { tags: ["x".repeat(51)] });
    expect(tooLong.status).toBe(400);
    const unknownField = await harness.patch(token, ids.menu!, { ocrText: "forged" });
    expect(unknownField.status).toBe(400);
    const viewer = await harness.patch(harness.seed.viewer.token, ids.menu!, { tags: ["a"] });
    expect(viewer.status).toBe(403);
    expect((await harness.get(token, ids.menu!)).tags).toEqual([]);
  });

  it("lets viewers read the gallery", async () => {
    expect((await harness.list(harness.seed.viewer.token)).data).toHaveLength(6);
    expect((await harness.get(harness.seed.viewer.token, ids.menu!)).hasText).toBe(true);
  });

  it("returns OCR boxes in the detail view", async () => {
    const detail = (await harness.get(token, ids.menu!)) as MediaView & { ocrBoxes: unknown; ocrText: string };
    expect(detail.ocrText).toBe("菜单 宫保鸡丁 38元");
    expect(detail.ocrBoxes).toEqual([{ text: "菜单 宫保鸡丁 38元", confidence: 0.97, box: [[1, 1], [20, 1], [20, 10], [1, 10]] }]);
  });

  it("pages with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: MediaView[]; nextCursor: string | null } = await harness.list(token, { limit: "2", ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((asset) => asset.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.slice(-4)).toEqual([ids.menu, ids.blank, ids.label, ids.receipt]);

    await expect(harness.list(token, { cursor: "not-a-cursor" })).rejects.toThrow(/media.invalid_cursor/);
  });
});
