import { Readable } from "node:stream";
import { readTask } from "@/lib/datasets/tasks";
import { AppError } from "@/lib/errors";
import { blobExists, readBlob } from "@/lib/storage/local";
import { defineRoute } from "../route";
import { taskPathParams } from "./datasets-tasks";

/**
 * Builds an attachment Content-Disposition value (RFC 6266): `filename` carries an ASCII fallback for old
 * clients, and `filename*` the exact UTF-8 name, percent-encoded as RFC 8187 requires.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const downloadTaskFileRoute = defineRoute({
  method: "GET",
  path: "/dataset-tasks/{taskId}/download",
  operationId: "downloadDatasetExport",
  summary: "Download an export",
  description:
    "Streams the file a completed export task wrote. Any other task, or an export that has not completed, is rejected with reason datasets.export_not_ready.",
  tag: "Datasets",
  permission: "console.read",
  params: taskPathParams,
  file: { contentTypes: ["application/jsonl", "text/csv"], description: "The exported file: JSONL (UTF-8) or CSV (UTF-8 with a byte order mark)" },
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const task = await readTask(db, actor, params.taskId);
    if (task.kind !== "export" || task.status !== "completed" || !task.fileId) {
      throw new AppError("CONFLICT", `Task ${task.id} is a ${task.status} ${task.kind} task; only completed exports can be downloaded`, {
        reason: "datasets.export_not_ready",
        params: { status: task.status, kind: task.kind },
      });
    }

    const file = await db.storedFile.findFirst({ where: { id: task.fileId, workspaceId: actor.workspaceId } });
    if (!file || !(await blobExists(file.storageKey))) {
      throw new AppError("NOT_FOUND", "The export file is gone from storage; export the version again", { reason: "datasets.export_file_missing" });
    }

    const body = Readable.toWeb(readBlob(file.storageKey)) as ReadableStream<Uint8Array>;
    const headers = {
      "content-type": file.contentType,
      "content-length": file.size.toString(),
      "content-disposition": attachmentDisposition(file.filename),
    };
    return { response: new Response(body, { status: 200, headers }) };
  },
});
