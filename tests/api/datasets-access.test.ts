import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getImportExport } from "@/app/api/v1/dataset-imports/[importId]/route";
import { GET as listRowsExport } from "@/app/api/v1/dataset-versions/[versionId]/rows/route";
import { GET as getVersionExport } from "@/app/api/v1/dataset-versions/[versionId]/route";
import { POST as splitExport } from "@/app/api/v1/dataset-versions/[versionId]/split/route";
import { POST as archiveExport } from "@/app/api/v1/datasets/[datasetId]/archive/route";
import { POST as createImportExport } from "@/app/api/v1/datasets/[datasetId]/imports/route";
import { POST as restoreExport } from "@/app/api/v1/datasets/[datasetId]/restore/route";
import { GET as getDatasetExport, PATCH as updateDatasetExport } from "@/app/api/v1/datasets/[datasetId]/route";
import { GET as listDatasetsExport, POST as createDatasetExport } from "@/app/api/v1/datasets/route";
import { POST as uploadExport } from "@/app/api/v1/datasets/uploads/route";
import type { RouteHandler } from "@/lib/api/route";
import { startDatasetHarness, type DatasetHarness } from "./datasets-harness";
import { apiRequest, createMember, readJson, withParams, type Member } from "./fixtures";

type ErrorBody = { error: { code: string; message: string; reason?: string } };
type DatasetView = { id: string; name: string; description: string; archivedAt: string | null };

const ROWS = ['{"text": "Where is my card?", "label": "card_arrival"}', '{"text": "I want my money back", "label": "request_refund"}'].join("\n");

let harness: DatasetHarness;
let viewer: Member;
let engineer: Member;
let own: { datasetId: string; versionId: string; importId: string };
let foreign: { datasetId: string; versionId: string; importId: string; fileId: string };

beforeAll(async () => {
  harness = await startDatasetHarness();
  viewer = harness.seed.viewer;
  engineer = await createMember(harness.db, harness.seed.workspace.id, "engineer@example.com", "engineer");
  own = await harness.importNewDataset(harness.seed.admin.token, "own", "own.jsonl", Buffer.from(ROWS));

  const otherWorkspace = await harness.db.workspace.create({ data: { slug: "other", name: "Other workspace" } });
  const outsider = await createMember(harness.db, otherWorkspace.id, "owner@other.example", "admin");
  foreign = await harness.importNewDataset(outsider.token, "foreign", "foreign.jsonl", Buffer.from(ROWS));
});

afterAll(async () => {
  await harness?.stop();
});

async function send(exported: RouteHandler, path: string, options: { token: string; params?: Record<string, string>; body?: unknown; method?: string }) {
  const response = await harness.handler(exported)(apiRequest(path, options), withParams(options.params ?? {}));
  return { response, body: await readJson<ErrorBody & { data: unknown }>(response) };
}

describe("viewer", () => {
  it("reads datasets, versions and rows", async () => {
    const list = await send(listDatasetsExport, "/datasets", { token: viewer.token });
    const dataset = await send(getDatasetExport, `/datasets/${own.datasetId}`, { token: viewer.token, params: { datasetId: own.datasetId } });
    const rows = await send(listRowsExport, `/dataset-versions/${own.versionId}/rows`, { token: viewer.token, params: { versionId: own.versionId } });

    expect(list.response.status).toBe(200);
    expect(dataset.response.status).toBe(200);
    expect(rows.response.status).toBe(200);
    expect((rows.body.data as { total: number }).total).toBe(2);
  });

  it("cannot create, change or split", async () => {
    const attempts = [
      await send(createDatasetExport, "/datasets", { token: viewer.token, body: { name: "viewer's" } }),
      await send(updateDatasetExport, `/datasets/${own.datasetId}`, { token: viewer.token, method: "PATCH", params: { datasetId: own.datasetId }, body: { description: "x" } }),
      await send(splitExport, `/dataset-versions/${own.versionId}/split`, {
        token: viewer.token,
        params: { versionId: own.versionId },
        body: { ratios: { train: 0.5, validation: 0.5, test: 0 } },
      }),
    ];

    for (const { response, body } of attempts) {
      expect(response.status).toBe(403);
      expect(body.error.code).toBe("FORBIDDEN");
    }
    expect(await harness.db.datasetTask.count({ where: { datasetId: own.datasetId } })).toBe(0);
  });

  it("cannot upload", async () => {
    const before = await harness.storedFiles("uploads");
    const request = new Request("http://127.0.0.1:3000/api/v1/datasets/uploads?filename=rows.jsonl", {
      method: "POST",
      headers: { authorization: `Bearer ${viewer.token}` },
      body: ROWS,
    });
    const response = await harness.handler(uploadExport)(request);

    expect(response.status).toBe(403);
    expect(await harness.storedFiles("uploads")).toEqual(before);
  });
});

describe("engineer", () => {
  it("creates a dataset", async () => {
    const { response } = await send(createDatasetExport, "/datasets", { token: engineer.token, body: { name: "engineer's" } });

    expect(response.status).toBe(201);
  });
});

describe("another workspace's data", () => {
  it("looks absent", async () => {
    const token = harness.seed.admin.token;
    const lookups = [
      await send(getDatasetExport, `/datasets/${foreign.datasetId}`, { token, params: { datasetId: foreign.datasetId } }),
      await send(getVersionExport, `/dataset-versions/${foreign.versionId}`, { token, params: { versionId: foreign.versionId } }),
      await send(listRowsExport, `/dataset-versions/${foreign.versionId}/rows`, { token, params: { versionId: foreign.versionId } }),
      await send(getImportExport, `/dataset-imports/${foreign.importId}`, { token, params: { importId: foreign.importId } }),
    ];

    for (const { response, body } of lookups) {
      expect(response.status).toBe(404);
      expect(body.error.code).toBe("NOT_FOUND");
    }
    expect(lookups[0]?.body.error.reason).toBe("datasets.not_found");
  });

  it("cannot be imported from", async () => {
    const { response, body } = await send(createImportExport, `/datasets/${own.datasetId}/imports`, {
      token: harness.seed.admin.token,
      params: { datasetId: own.datasetId },
      body: { fileId: foreign.fileId },
    });

    expect(response.status).toBe(404);
    expect(body.error.reason).toBe("datasets.file_not_found");
  });

  it("is not listed", async () => {
    const { body } = await send(listDatasetsExport, "/datasets?includeArchived=true", { token: harness.seed.admin.token });
    const ids = (body.data as DatasetView[]).map((dataset) => dataset.id);

    expect(ids).toContain(own.datasetId);
    expect(ids).not.toContain(foreign.datasetId);
  });
});

describe("dataset settings", () => {
  const token = () => harness.seed.admin.token;

  it("rejects a taken name", async () => {
    const { response, body } = await send(createDatasetExport, "/datasets", { token: token(), body: { name: "own" } });

    expect(response.status).toBe(409);
    expect(body.error.reason).toBe("datasets.name_taken");
  });

  it("updates and records who did it", async () => {
    const { response, body } = await send(updateDatasetExport, `/datasets/${own.datasetId}`, {
      token: token(),
      method: "PATCH",
      params: { datasetId: own.datasetId },
      body: { description: "Two banking questions" },
    });
    const event = await harness.db.auditEvent.findFirst({ where: { action: "datasets.update", targetId: own.datasetId } });

    expect(response.status).toBe(200);
    expect((body.data as DatasetView).description).toBe("Two banking questions");
    expect(event?.actorId).toBe(harness.seed.admin.id);
    expect(event?.changes).toEqual({ description: { from: "", to: "Two banking questions" } });
  });

  it("archives and restores", async () => {
    const params = { datasetId: own.datasetId };
    const archived = await send(archiveExport, `/datasets/${own.datasetId}/archive`, { token: token(), method: "POST", params });
    const defaultList = await send(listDatasetsExport, "/datasets", { token: token() });
    const fullList = await send(listDatasetsExport, "/datasets?includeArchived=true", { token: token() });
    const restored = await send(restoreExport, `/datasets/${own.datasetId}/restore`, { token: token(), method: "POST", params });

    expect((archived.body.data as DatasetView).archivedAt).not.toBeNull();
    expect((defaultList.body.data as DatasetView[]).map((dataset) => dataset.id)).not.toContain(own.datasetId);
    expect((fullList.body.data as DatasetView[]).map((dataset) => dataset.id)).toContain(own.datasetId);
    expect((restored.body.data as DatasetView).archivedAt).toBeNull();
  });
});
