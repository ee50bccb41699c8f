import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { pathOfKey } from "@/lib/storage/local";
import type { RouteContext } from "../app";
import { auditKeyAction, authorizeFineTuning } from "../fine-tuning/access";
import { deleteFile, fileContentKey, fileNotFound, findFile, listFiles, toFileObject, uploadFile } from "../fine-tuning/files";
import { readUpload } from "../fine-tuning/multipart";
import { listPage, pathSegment, queryOf, readLimit } from "../fine-tuning/request-params";
import { fineTuningDeps } from "../fine-tuning/settings";
import { sendJson } from "../respond";

/** Position of {file_id} in /v1/files/{file_id}. */
const FILE_ID_SEGMENT = 3;

/** POST /v1/files: uploads a chat JSONL file for fine-tuning and imports it into a dataset. */
export async function handleCreateFile(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const { maxFileBytes } = fineTuningDeps(context.deps);
  const upload = await readUpload(context.req, maxFileBytes);

  const { file, audit } = await uploadFile({ db: context.deps.db, log: context.log, actor: caller.actor }, caller.key.id, upload);
  await auditKeyAction(context, caller, audit);
  context.log.info({ fileId: file.externalId, bytes: file.bytes, datasetVersionId: file.datasetVersionId }, "gateway.file_uploaded");
  sendJson(context.res, 200, toFileObject(file));
}

/** GET /v1/files: the workspace's files, newest first, with `after`, `limit` and `purpose`. */
export async function handleListFiles(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const query = queryOf(context.req);
  const { files, hasMore } = await listFiles(context.deps.db, caller.key.workspaceId, { limit: readLimit(query, 10_000, 10_000), after: query.get("after"), purpose: query.get("purpose") });
  sendJson(context.res, 200, listPage(files.map(toFileObject), hasMore));
}

async function requireFile(context: RouteContext, workspaceId: string) {
  const fileId = pathSegment(context.req, FILE_ID_SEGMENT);
  const file = await findFile(context.deps.db, workspaceId, fileId);
  if (!file) throw fileNotFound(fileId);
  return file;
}

/** GET /v1/files/{file_id}. */
export async function handleGetFile(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  sendJson(context.res, 200, toFileObject(await requireFile(context, caller.key.workspaceId)));
}

/** DELETE /v1/files/{file_id}. */
export async function handleDeleteFile(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const file = await requireFile(context, caller.key.workspaceId);
  const { audit } = await deleteFile(context.deps.db, file);
  await auditKeyAction(context, caller, audit);
  sendJson(context.res, 200, { id: file.externalId, object: "file", deleted: true });
}

/** GET /v1/files/{file_id}/content: the uploaded bytes, streamed from storage. */
export async function handleFileContent(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const file = await requireFile(context, caller.key.workspaceId);
  const key = await fileContentKey(context.deps.db, file);
  if (!key) throw fileNotFound(file.externalId);

  const path = pathOfKey(key);
  const size = await stat(path).then((info) => info.size, () => null);
  if (size === null) throw fileNotFound(file.externalId);
  context.res.writeHead(200, { "content-type": "application/jsonl; charset=utf-8", "content-length": size, "content-disposition": `attachment; filename="${file.filename.replace(/"/g, "")}"` });
  await pipeline(createReadStream(path), context.res);
}
