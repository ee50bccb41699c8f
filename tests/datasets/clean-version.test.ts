import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listRows } from "@/lib/datasets/rows-read";
import { createTask } from "@/lib/datasets/tasks";
import { cleanConfigInput } from "@/lib/datasets/schemas";
import { importFile, startDatasetHarness, type DatasetHarness } from "./harness";

// Cleaning writes a new version: duplicates go, PII is replaced, and touched rows carry cleaned:* flags.

let harness: DatasetHarness;
beforeAll(async () => {
  harness = await startDatasetHarness();
});
afterAll(async () => {
  await harness?.stop();
});

it("cleans a version into a new one with scrubbed, flagged rows", async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), "luodi-clean-"));
  const rows = [
    { text: "请拨打 13812345678 联系我", label: "contact" },
    { text: "我的邮箱是 zhang.san@example.com", label: "contact" },
    { text: "今天天气很好", label: "chat" },
    { text: "今天天气很好", label: "chat" },
  ];
  const file = path.join(folder, "pii.jsonl");
  await writeFile(file, rows.map((row) => JSON.stringify(row)).join("\n"));
  const { dataset, version } = await importFile(harness, file);

  const { task } = await createTask(harness.db, harness.enqueue, harness.admin, {
    datasetId: dataset.id,
    versionId: version!.id,
    kind: "clean",
    params: cleanConfigInput.parse({}),
  });
  await harness.drain();
  const done = await harness.db.datasetTask.findUniqueOrThrow({ where: { id: task.id } });
  expect(done.status).toBe("completed");

  const cleaned = await harness.db.datasetVersion.findUniqueOrThrow({ where: { id: done.resultVersionId! } });
  expect(cleaned).toMatchObject({ status: "ready", number: 2, parentId: version!.id, operation: "clean", rowCount: 3 });

  const { rows: stored } = await listRows(harness.db, cleaned.id, { limit: 10 });
  const texts = stored.map((row) => (row.data as { text: string }).text);
  expect(texts[0]).toBe("请拨打 [手机号] 联系我");
  expect(texts[1]).toBe("我的邮箱是 [邮箱]");
  expect(stored[0]?.flags).toContain("cleaned:pii");
  expect(stored[2]?.flags).toEqual([]);
});
