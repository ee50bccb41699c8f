import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editRow } from "@/lib/datasets/drafts";
import { listRows } from "@/lib/datasets/rows-read";
import { analyzeFile, commit, importFile, reconfigure, sharedData, startDatasetHarness, type DatasetHarness } from "./harness";

// Real public files from ../shared/data go from upload to a ready version through the import job.

let harness: DatasetHarness;
beforeAll(async () => {
  harness = await startDatasetHarness();
});
afterAll(async () => {
  await harness?.stop();
});

describe("encoding variants", () => {
  const files = [
    "intents_200.utf8.csv",
    "intents_200.utf8-bom.csv",
    "intents_200.utf8-crlf.csv",
    "intents_200.gbk.csv",
    "intents_200.utf16le-bom.csv",
    "intents_200.utf8.tsv",
  ];

  it("imports six encodings to the same rows", async () => {
    const hashes = new Set<string>();
    for (const name of files) {
      const { datasetImport, version } = await importFile(harness, sharedData("encoding_variants_zh_csv", name));
      const report = datasetImport.report as { info: { columns: string[]; encoding: string } };
      expect(report.info.columns[0], name).toBe("text");
      expect(version?.rowCount, name).toBe(200);
      expect(version?.status).toBe("ready");

      // Row keys differ per import, so compare the content of the rows, not the version hash.
      const { rows } = await listRows(harness.db, version!.id, { limit: 1_000 });
      hashes.add(JSON.stringify(rows.map((row) => [row.data, row.labels])));
    }
    expect(hashes.size).toBe(1);
  });

  it("detects GBK as GB18030 instead of showing mojibake", async () => {
    const { datasetImport } = await analyzeFile(harness, sharedData("encoding_variants_zh_csv", "intents_200.gbk.csv"));
    const report = datasetImport.report as { info: { encoding: string }; preview: { data: { text: string } }[] };
    expect(report.info.encoding).toBe("gb18030");
    expect(report.preview[0]?.data.text).toContain("酒店");
  });
});

describe("real datasets", () => {
  it("imports CrossWOZ chats as 100 chat rows", async () => {
    const { dataset, version } = await importFile(harness, sharedData("dialogue_zh_crosswoz", "dialogues_openai_chat_100.jsonl"));
    expect(version?.rowCount).toBe(100);
    const updated = await harness.db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect(updated.type).toBe("chat");
  });

  it("imports CrossWOZ user-turn intents as classification rows", async () => {
    const { datasetImport, version } = await importFile(harness, sharedData("dialogue_zh_crosswoz", "user_turn_intents.jsonl"));
    expect(datasetImport.detectedType).toBe("classification");
    expect(version?.rowCount).toBe(4238);
  });

  it("imports BANKING77 CSV with quoted commas: 3,080 rows, 77 labels", async () => {
    const { version } = await importFile(harness, sharedData("intent_en_banking77", "test.csv"));
    expect(version?.rowCount).toBe(3080);
    const stats = version?.stats as { labelCount: number };
    expect(stats.labelCount).toBe(77);

    // The first classification import fixes the label set, so later edits are checked against it.
    const dataset = await harness.db.dataset.findUniqueOrThrow({ where: { id: version!.datasetId } });
    expect(dataset.labelSet).toHaveLength(77);
    await expect(editRow(harness.db, harness.admin, dataset.id, (await listRows(harness.db, version!.id, { limit: 1 })).rows[0]!.rowKey, { labels: ["no_such_label"] })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    // The refused edit leaves no draft behind.
    expect(await harness.db.datasetVersion.count({ where: { datasetId: dataset.id, status: "draft" } })).toBe(0);
  });

  it("imports CLINC150 JSONL with its split column", async () => {
    const { version } = await importFile(harness, sharedData("intent_en_clinc150", "test_and_oos_test.jsonl"));
    expect(version?.rowCount).toBe(5500);
    const stats = version?.stats as { perSplit: Record<string, number> };
    expect(stats.perSplit.test).toBe(5500);
  });

  it("reads the same rows from the Chatchat CSV and XLSX pair", async () => {
    for (const base of ["langchain-ChatGLM_open", "langchain-ChatGLM_closed"]) {
      const fromCsv = await analyzeFile(harness, sharedData("rag_zh_docs_chatchat", "tabular", `${base}.csv`));
      const fromXlsx = await analyzeFile(harness, sharedData("rag_zh_docs_chatchat", "tabular", `${base}.xlsx`));
      expect(fromCsv.datasetImport.status).toBe("review");
      expect(fromXlsx.datasetImport.status).toBe("review");
      expect(fromXlsx.datasetImport.rowsDone).toBe(fromCsv.datasetImport.rowsDone);
      const csvPreview = (fromCsv.datasetImport.report as { rawPreview: { fields: Record<string, unknown> }[] }).rawPreview;
      const xlsxPreview = (fromXlsx.datasetImport.report as { rawPreview: { fields: Record<string, unknown> }[] }).rawPreview;
      expect(xlsxPreview.map((row) => row.fields.title)).toEqual(csvPreview.map((row) => row.fields.title));

      // The GitHub issue exports fit no training type by themselves. Mapped by hand as title → prompt and
      // detail → completion, both files give the same rows.
      const mapping = { type: "completion" as const, mapping: { prompt: "title", completion: "detail" } };
      const csvMapped = await reconfigure(harness, fromCsv.datasetImport.id, mapping);
      const xlsxMapped = await reconfigure(harness, fromXlsx.datasetImport.id, mapping);
      expect(csvMapped.rowsValid).toBeGreaterThan(0);
      expect(xlsxMapped.rowsValid).toBe(csvMapped.rowsValid);
      const { version } = await commit(harness, fromCsv.datasetImport.id);
      expect(version?.rowCount).toBe(csvMapped.rowsValid);
    }
  });
});
