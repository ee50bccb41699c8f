import { readFile } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { ModelTarget } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import { resolveModelTarget } from "@/lib/providers/target";
import { PermanentJobError } from "@/lib/queue/run-job";
import { pathOfKey } from "@/lib/storage/local";
import { applyMediaTextPolicy, readMediaTextPolicy } from "./policy";
import { TRANSCRIBE_ERROR_MESSAGES, type TranscribeErrorCode } from "./transcribe-errors";
import { callTranscriptions, TranscribeCallError } from "./transcribe-request";

export type TranscribeJobContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  /** Storage root of originals; LUODI_DATA_DIR/storage when unset. */
  storageRoot?: string;
};

/**
 * Transcribes one audio file with a provider model: transcriptStatus goes running → done, or failed with
 * a message. The transcript is PII-masked unless the workspace allows raw text. A transient failure with
 * retries left puts the status back to queued and rethrows, so pg-boss retries the job.
 */
export async function runTranscribeJob(context: TranscribeJobContext, assetId: string, modelId: string): Promise<void> {
  const { db, log } = context;
  const asset = await db.mediaAsset.findUnique({
    where: { id: assetId },
    select: { id: true, kind: true, storageKey: true, originalName: true, mimeType: true, deletedAt: true, workspaceId: true },
  });
  if (!asset || asset.deletedAt) {
    log.info({ assetId }, "transcribe.asset_gone");
    return;
  }
  if (asset.kind !== "audio") return fail(context, assetId, "not_audio");

  const target = await resolveAudioTarget(db, asset.workspaceId, modelId);
  if (!target) return fail(context, assetId, "model_unavailable", `model ${modelId}`);

  let bytes: Buffer;
  try {
    bytes = await readFile(pathOfKey(asset.storageKey, context.storageRoot));
  } catch (error) {
    return fail(context, assetId, "file_missing", error instanceof Error ? error.message : String(error));
  }

  await db.mediaAsset.update({ where: { id: assetId }, data: { transcriptStatus: "running", transcriptError: null } });
  let transcript: string;
  try {
    transcript = await callTranscriptions(target, { bytes, filename: asset.originalName, mimeType: asset.mimeType });
  } catch (caught) {
    const error = caught instanceof TranscribeCallError ? caught : new TranscribeCallError("upstream_failed", false, String(caught));
    if (error.permanent || context.attempt >= context.maxAttempts) return fail(context, assetId, error.code, error.message);
    await db.mediaAsset.update({ where: { id: assetId }, data: { transcriptStatus: "queued", transcriptError: null } });
    log.warn({ assetId, modelId, code: error.code, detail: error.message, attempt: context.attempt }, "transcribe.retrying");
    throw error;
  }

  // Read after the call, so a policy change made while the provider worked applies.
  const policy = await readMediaTextPolicy(db, asset.workspaceId);
  const stored = applyMediaTextPolicy(transcript, policy);
  await db.mediaAsset.update({ where: { id: assetId }, data: { transcriptStatus: "done", transcript: stored, transcriptError: null } });
  log.info({ assetId, modelId, characters: stored.length }, "transcribe.done");
}

/** Resolves the model, or returns null when it is gone, disabled or not audio-capable. */
async function resolveAudioTarget(db: Db, workspaceId: string, modelId: string): Promise<ModelTarget | null> {
  try {
    const target = await resolveModelTarget(db, workspaceId, modelId);
    return target.capabilities.includes("audio") ? target : null;
  } catch (error) {
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID_INPUT")) return null;
    throw error;
  }
}

/** Stores the failure and ends the job without retries; a stale status would otherwise stay "running". */
async function fail(context: TranscribeJobContext, assetId: string, code: TranscribeErrorCode, detail?: string): Promise<never> {
  const message = TRANSCRIBE_ERROR_MESSAGES[code];
  await context.db.mediaAsset.update({ where: { id: assetId }, data: { transcriptStatus: "failed", transcriptError: message } });
  context.log.warn({ assetId, code, detail }, "transcribe.failed");
  throw new PermanentJobError(`Transcription of media asset ${assetId} failed (${code}): ${detail ?? message}`);
}
