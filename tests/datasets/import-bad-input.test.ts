import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listImportIssues } from "@/lib/datasets/imports";
import { listRows } from "@/lib/datasets/rows-read";
import { analyzeFile, commit, reconfigure, sharedData, startDatasetHarness, type DatasetHarness } from "./harness";

// Each bad input must end with a precise, located reason, and never leave a version behind.

let harness: DatasetHarness;
let folder: string;
beforeAll(async () => {
  harness = await startDatasetHarness();
  folder = await mkdtemp(path.join(os.tmpdir(), "luodi-bad-input-"));
});
afterAll(async () => {
  await harness?.stop();
});

async function fileWith(name: string, content: string | Buffer) {
  const target = path.join(folder, name);
  await writeFile(target, content);
  return target;
}

const chat = (user: string, assistant: string) => JSON.stringify({ messages: [{ role: "user", content: user }, { role: "assistant", content: assistant }] });

async function issuesOf(importId: string) {
  const { issues } = await listImportIssues(harness.db, harness.admin, importId, { limit: 100 });
  return issues;
}

async function versionCount(datasetId: string) {
  return harness.db.datasetVersion.count({ where: { datasetId } });
}

describe("bad rows", () => {
  it("locates and fixes a raw newline", async () => {
    const content = [chat("你好", "您好"), '{"messages": [{"role": "user", "content": "第一行', '第二行"}, {"role": "assistant", "content": "好"}]}', chat("再见", "再见")].join("\n");
    const { datasetImport } = await analyzeFile(harness, await fileWith("newline.jsonl", content));
    expect(datasetImport.status).toBe("review");
    expect(datasetImport.rowsValid).toBe(2);
    const issues = await issuesOf(datasetImport.id);
    expect(issues[0]).toMatchObject({ line: 2, code: "malformed_json" });

    const fixed = await reconfigure(harness, datasetImport.id, {
      fixes: { "2": { messages: [{ role: "user", content: "第一行\n第二行" }, { role: "assistant", content: "好" }] } },
      skipInvalid: false,
    });
    expect(fixed.rowsInvalid).toBe(0);
    const { version } = await commit(harness, datasetImport.id);
    expect(version?.rowCount).toBe(3);
  });

  it("reports a trailing comma with its line", async () => {
    const content = [chat("a", "b"), '{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"},]}'].join("\n");
    const { datasetImport } = await analyzeFile(harness, await fileWith("comma.jsonl", content));
    const issues = await issuesOf(datasetImport.id);
    expect(issues[0]).toMatchObject({ line: 2, code: "trailing_comma" });
  });

  it("reports unknown roles, wrong order and empty content per field", async () => {
    const rows = [
      JSON.stringify({ messages: [{ role: "bot", content: "hi" }, { role: "assistant", content: "x" }] }),
      JSON.stringify({ messages: [{ role: "assistant", content: "first" }, { role: "user", content: "q" }, { role: "assistant", content: "a" }] }),
      JSON.stringify({ messages: [{ role: "user", content: "  " }, { role: "assistant", content: "a" }] }),
      JSON.stringify({ messages: [{ content: "no role" }, { role: "assistant", content: "a" }] }),
    ];
    const { datasetImport } = await analyzeFile(harness, await fileWith("roles.jsonl", rows.join("\n")));
    const codes = (await issuesOf(datasetImport.id)).map((issue) => `${issue.line}:${issue.code}`);
    expect(codes).toEqual(expect.arrayContaining(["1:unknown_role", "2:role_order", "3:empty_content", "4:missing_role"]));
  });

  it("pages issues without skipping those of one line", async () => {
    const row = JSON.stringify({ messages: [{ role: "bot", content: "" }, { role: "robot", content: "x" }] });
    const { datasetImport } = await analyzeFile(harness, await fileWith("many-issues.jsonl", row));
    const seen: string[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await listImportIssues(harness.db, harness.admin, datasetImport.id, { limit: 1, ...(after ? { after } : {}) });
      seen.push(...page.issues.map((issue) => `${issue.line}:${issue.field}:${issue.code}`));
      if (!page.nextCursor) break;
      after = Number(page.nextCursor);
    }
    const all = await issuesOf(datasetImport.id);
    expect(seen).toHaveLength(all.length);
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it("reads a CSV field with quoted newlines and commas, keeping line numbers right", async () => {
    const content = 'text,label\n"line one\nline two, with comma",greeting\n"plain ""quoted"" text",farewell\n';
    const { datasetImport } = await analyzeFile(harness, await fileWith("quoted.csv", content));
    expect(datasetImport.rowsValid).toBe(2);
    const preview = (datasetImport.report as { preview: { line: number; data: { text: string } }[] }).preview;
    expect(preview[0]?.data.text).toBe("line one\nline two, with comma");
    expect(preview[1]?.line).toBe(4);
  });

  it("warns about mixed types in one column", async () => {
    const content = ['{"text": "a", "label": "x"}', '{"text": "b", "label": ["y"]}', '{"text": 3, "label": "x"}'].join("\n");
    const { datasetImport } = await analyzeFile(harness, await fileWith("mixed.jsonl", content));
    const report = datasetImport.report as { warningCounts: Record<string, number> };
    expect(report.warningCounts.mixed_types).toBeGreaterThan(0);

    // The rows still import, flagged so the rows table can filter them.
    const { version } = await commit(harness, datasetImport.id);
    const flagged = await listRows(harness.db, version!.id, { filter: { flag: "mixed_types" }, limit: 10 });
    expect(flagged.rows.map((row) => row.sourceLine)).toEqual([2, 3]);
  });

  it("flags a 100,000-character row over the limit", async () => {
    const long = "数".repeat(100_000);
    const content = [JSON.stringify({ text: long, label: "long" }), JSON.stringify({ text: "short", label: "short" })].join("\n");
    const { datasetImport } = await analyzeFile(harness, await fileWith("long.jsonl", content));
    const issues = await issuesOf(datasetImport.id);
    expect(issues[0]).toMatchObject({ line: 1, code: "over_token_limit" });

    const relaxed = await reconfigure(harness, datasetImport.id, { tokenLimit: 1_000_000 });
    expect(relaxed.rowsValid).toBe(2);
  });

  it("reports a chat image path that does not exist", async () => {
    const row = { messages: [{ role: "user", content: [{ type: "text", text: "这是什么？" }, { type: "image_url", image_url: { url: "photos/missing.png" } }] }, { role: "assistant", content: "一只猫" }] };
    const { datasetImport } = await analyzeFile(harness, await fileWith("image.jsonl", JSON.stringify(row)));
    const issues = await issuesOf(datasetImport.id);
    expect(issues[0]?.code).toBe("image_not_found");
    expect(issues[0]?.params).toMatchObject({ path: "photos/missing.png" });
  });
});

describe("bad files", () => {
  it("reads a Big5 file once its encoding is chosen", async () => {
    const big5 = Buffer.from("746578742c6c6162656c0ac163c5e9a4a4a4e5b4fab8d52c6772656574696e670a", "hex");
    const { datasetImport } = await analyzeFile(harness, await fileWith("big5.csv", big5));
    const fixed = await reconfigure(harness, datasetImport.id, { encoding: "big5" });
    const preview = (fixed.report as { preview: { data: { text: string } }[] }).preview;
    expect(preview[0]?.data.text).toBe("繁體中文測試");
  });

  it("suggests JSONL for a JSON Lines file saved as .csv", async () => {
    const lines = [chat("你好", "您好"), chat("在吗", "在的"), chat("谢谢", "不客气")].join("\n");
    const { datasetImport } = await analyzeFile(harness, await fileWith("chats.csv", lines));
    expect((datasetImport.report as { formatHint: string | null }).formatHint).toBe("jsonl");

    const fixed = await reconfigure(harness, datasetImport.id, { format: "jsonl" });
    expect(fixed.rowsValid).toBe(3);
  });

  it("fails a 0-byte file with empty_file and makes no version", async () => {
    const { dataset, datasetImport } = await analyzeFile(harness, await fileWith("empty.csv", ""));
    expect(datasetImport.status).toBe("failed");
    expect((datasetImport.report as { failure: { code: string } }).failure.code).toBe("empty_file");
    expect(await versionCount(dataset.id)).toBe(0);
  });

  it("fails a binary file renamed .csv with binary_file", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(2_000, 0)]);
    const { datasetImport } = await analyzeFile(harness, await fileWith("photo.csv", png));
    expect(datasetImport.status).toBe("failed");
    expect((datasetImport.report as { failure: { code: string } }).failure.code).toBe("binary_file");
  });

  it("offers the existing version when the same file is uploaded twice", async () => {
    const source = sharedData("intent_en_clinc150", "val_small.jsonl");
    const first = await analyzeFile(harness, source);
    await commit(harness, first.datasetImport.id);
    const second = await analyzeFile(harness, source);
    expect(second.duplicateOf).toMatchObject({ datasetId: first.dataset.id, versionNumber: 1 });
  });

  it("keeps the earlier version intact when a later import fails", async () => {
    const first = await analyzeFile(harness, await fileWith("good.jsonl", [chat("a", "b"), chat("c", "d")].join("\n")));
    const { version } = await commit(harness, first.datasetImport.id);
    expect(version?.rowCount).toBe(2);
    const before = await harness.db.datasetVersion.findMany({ where: { datasetId: first.dataset.id } });

    const failed = await analyzeFile(harness, await fileWith("broken.jsonl", "\u0000\u0001binary"), { datasetId: first.dataset.id });
    expect(failed.datasetImport.status).toBe("failed");
    const uploads = await readdir(path.join(harness.dataDir, "storage", "uploads"));
    expect(uploads.length).toBeGreaterThan(0);
    const after = await harness.db.datasetVersion.findMany({ where: { datasetId: first.dataset.id } });
    expect(after).toEqual(before);
  });
});
