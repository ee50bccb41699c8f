import { rm, stat } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import type { BaseModel } from "@/lib/db/generated/client";
import { isAppError } from "@/lib/errors";
import type { Logger } from "@/lib/log";
import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { loadAllowRules } from "@/lib/providers/allow-rules";
import { PermanentJobError } from "@/lib/queue/run-job";
import { toSafeErrorText } from "@/lib/system/error-text";
import { checkFolder, inspectModelFolder } from "./base-models";
import { listHubFiles } from "./hub-api";
import { downloadIntoFolder, manifestMatches, publishFolder, readManifest } from "./hub-download";
import { HubError, TRANSIENT_HUB_ERRORS, withHubRetries } from "./hub-fetch";
import { hasWeights, selectModelFiles } from "./hub-files";
import { hubModelFolder, hubPartialFolder, readHubSettings, type HubSettings, type HubSource } from "./hub-ids";
import type { TrainerSettings } from "./trainer-process";

export type HubDownloadContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  signal?: AbortSignal;
  settings?: TrainerSettings;
  /** Tries of the file listing before an unreachable hub fails the download, and the first wait between them. */
  listingAttempts?: number;
  listingRetryDelayMs?: number;
};

/** Milliseconds between writes of downloadedBytes, so a fast download does not write a row per chunk. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Builds the address policy for hub requests: the workspace's allow rules plus the configured endpoint's
 * host, because the operator chose that host (a mirror on the local network is a normal setup). Download
 * hosts that the hub redirects to pass the ordinary guard.
 */
async function hubPolicy(db: Db, workspaceId: string, settings: HubSettings): Promise<GuardedFetchPolicy> {
  const allowRules = await loadAllowRules(db, workspaceId);
  return { allowRules: [...allowRules, new URL(settings.endpoint).hostname.replace(/^\[|\]$/g, "")] };
}

/**
 * Downloads a base model registered from Hugging Face or ModelScope, then inspects it as a local folder
 * is inspected, and marks it ready or failed. Files go to a partial folder that is renamed into place
 * once every file is verified, so the model folder is never half-written. A retried job (worker killed,
 * network failure) resumes the files already on disk.
 *
 * When the worker dies on the last attempt, pg-boss fails the job without calling this handler again.
 * The worker's orphan sweep (lib/finetune/orphans.ts) then marks the model failed. Registering the model
 * again under another name resumes the bytes.
 */
export async function runHubDownloadJob(context: HubDownloadContext, baseModelId: string): Promise<void> {
  const { db, log } = context;
  const model = await db.baseModel.findUnique({ where: { id: baseModelId } });
  if (!model || model.status !== "downloading" || model.source === "local" || !model.repoId || !model.revision) return;

  const source = model.source as HubSource;
  const finalFolder = hubModelFolder(source, model.repoId, model.revision);
  log.info({ baseModelId, repoId: model.repoId, revision: model.revision, attempt: context.attempt }, "finetune.hub_download_started");

  const progress = { listed: false };
  try {
    await download(context, model, source, finalFolder, progress);
  } catch (error) {
    await settleFailure(context, model, finalFolder, error, progress.listed);
  }

  try {
    await checkFolder(finalFolder);
    const info = await inspectModelFolder(finalFolder, context.settings);
    await db.baseModel.update({
      where: { id: model.id },
      data: {
        status: "ready",
        error: null,
        localPath: finalFolder,
        architecture: info.architecture,
        modelType: info.model_type,
        parameterCount: BigInt(info.parameter_count),
        contextLength: info.context_length,
        hasChatTemplate: info.chat_template,
        defaultTargetModules: info.default_target_modules ?? [],
        candidateTargetModules: info.candidate_target_modules,
      },
    });
    log.info({ baseModelId, folder: finalFolder }, "finetune.hub_download_ready");
  } catch (error) {
    const message = isAppError(error) ? error.publicMessage : "Reading the downloaded model failed; the server log has the details";
    log.warn({ baseModelId, error: toSafeErrorText(error) }, "finetune.hub_inspect_failed");
    await markFailed(db, model.id, message);
    throw new PermanentJobError(`Base model ${model.id}: ${message}`, { cause: error });
  }
}

async function download(context: HubDownloadContext, model: BaseModel, source: HubSource, finalFolder: string, progress: { listed: boolean }): Promise<void> {
  const { db, log } = context;
  const settings = readHubSettings(source);
  const policy = await hubPolicy(db, model.workspaceId, settings);
  const repoId = model.repoId!;
  const revision = model.revision!;

  const listing = await withHubRetries(() => listHubFiles(settings, policy, repoId, revision, context.signal), context.listingAttempts ?? 3, context.listingRetryDelayMs ?? 2_000, context.signal);
  progress.listed = true;
  const selection = selectModelFiles(listing.files);
  if (!hasWeights(selection)) {
    throw new HubError("no_weights", `${repoId} has no model weights Luodi can load: it needs model*.safetensors, or pytorch_model*.bin when it has no safetensors`);
  }
  if (selection.skipped.length > 0) log.info({ baseModelId: model.id, skipped: selection.skipped.slice(0, 50) }, "finetune.hub_files_skipped");

  const totalBytes = selection.selected.reduce((sum, file) => sum + file.size, 0);
  await db.baseModel.update({ where: { id: model.id }, data: { totalBytes: BigInt(totalBytes), error: null } });

  if (manifestMatches(await readManifest(finalFolder), selection.selected)) {
    log.info({ baseModelId: model.id, folder: finalFolder }, "finetune.hub_download_reused");
    await db.baseModel.update({ where: { id: model.id }, data: { downloadedBytes: BigInt(totalBytes) } });
    return;
  }
  await assertFolderFree(db, model.id, finalFolder);

  const writer = progressWriter(db, model.id, log);
  const partialFolder = hubPartialFolder(finalFolder);
  const target = { settings, policy, repoId, revision, signal: context.signal, onProgress: writer.report };
  try {
    await downloadIntoFolder(target, partialFolder, selection.selected, { source, repoId, revision, commit: listing.commit, skipped: selection.skipped });
  } finally {
    await writer.flush();
  }
  await publishFolder(partialFolder, finalFolder);
}

/** Refuses to replace a folder that another ready base model loads from: its weights would change under it. */
async function assertFolderFree(db: Db, modelId: string, finalFolder: string): Promise<void> {
  const exists = await stat(finalFolder).then(() => true, () => false);
  if (!exists) return;
  const users = await db.baseModel.count({ where: { localPath: finalFolder, id: { not: modelId } } });
  if (users > 0) {
    throw new HubError("folder_in_use", `${finalFolder} contains an earlier download of this revision that another base model uses, and the hub now lists other files; register a commit hash as the revision`);
  }
}

function progressWriter(db: Db, modelId: string, log: Logger) {
  let latest = 0;
  let written = -1;
  let lastWrite = 0;
  let pending: Promise<void> = Promise.resolve();
  const write = () => {
    if (latest === written) return;
    const value = latest;
    written = value;
    lastWrite = Date.now();
    pending = pending
      .then(() => db.baseModel.update({ where: { id: modelId }, data: { downloadedBytes: BigInt(value) } }))
      .then(() => undefined)
      .catch((error: unknown) => log.warn({ baseModelId: modelId, error: toSafeErrorText(error) }, "finetune.hub_progress_write_failed"));
  };
  return {
    report: (bytes: number) => {
      latest = bytes;
      if (Date.now() - lastWrite >= PROGRESS_INTERVAL_MS) write();
    },
    flush: async () => {
      write();
      await pending;
    },
  };
}

async function markFailed(db: Db, modelId: string, message: string): Promise<void> {
  await db.baseModel.update({ where: { id: modelId }, data: { status: "failed", error: message.slice(0, 2_000) } });
}

/**
 * Ends an attempt that failed. A transient failure (network, hub 5xx) before the last attempt keeps the
 * partial files and is retried by the queue. Any other failure marks the model failed. A checksum
 * mismatch also deletes the partial folder, because its bytes cannot be trusted for a resume.
 */
async function settleFailure(context: HubDownloadContext, model: BaseModel, finalFolder: string, error: unknown, listed: boolean): Promise<never> {
  const { db, log } = context;
  if (context.signal?.aborted) throw error;

  const hubError = error instanceof HubError ? error : null;
  const message = hubError?.message ?? "The download failed unexpectedly; the server log has the details";
  log.warn({ baseModelId: model.id, code: hubError?.code ?? "internal", error: toSafeErrorText(error), attempt: context.attempt }, "finetune.hub_download_failed");

  // The listing was already tried several times in this attempt, so a hub unreachable before any file is
  // most likely a wrong endpoint, and failing at once shows the user the cause sooner than the queue's retries would.
  const transient = hubError !== null && TRANSIENT_HUB_ERRORS.has(hubError.code) && listed;
  if (transient && context.attempt < context.maxAttempts) {
    await db.baseModel.update({ where: { id: model.id }, data: { error: `Retrying after: ${message}`.slice(0, 2_000) } });
    throw error;
  }
  if (hubError?.code === "checksum_mismatch") await rm(hubPartialFolder(finalFolder), { recursive: true, force: true });
  await markFailed(db, model.id, message);
  throw new PermanentJobError(`Base model ${model.id}: ${message}`, { cause: error });
}
