import { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { MediaAsset } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";

/** Maximum number of files in one transcription request, the size of the largest gallery page. */
export const MAX_TRANSCRIBE_ASSETS = 200;

export const transcribeInput = z
  .object({
    assetIds: z.array(z.string().min(1).max(100)).min(1, "Select at least one audio file").max(MAX_TRANSCRIBE_ASSETS, `Select at most ${MAX_TRANSCRIBE_ASSETS} files`)
      .transform((ids) => [...new Set(ids)])
      .describe("Audio files to transcribe"),
    modelId: z.string().min(1).max(100).describe("An enabled provider model with the audio capability"),
  })
  .strict();

export type TranscribeInput = z.output<typeof transcribeInput>;

/** Checks that the model exists in the workspace, is enabled, its provider is enabled, and it has the audio capability. */
async function assertAudioModel(db: Db, actor: Actor, modelId: string): Promise<void> {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId: actor.workspaceId }, include: { provider: { select: { enabled: true, name: true } } } });
  if (!model) throw new AppError("NOT_FOUND", "No such model in this workspace", { reason: "providers.model_not_found" });

  const name = model.displayName || model.name;
  if (!model.enabled || !model.provider.enabled) {
    throw new AppError("INVALID_INPUT", `Model "${name}" or its provider is disabled; an admin can enable it under Settings → Model providers`, {
      reason: "providers.model_disabled",
      params: { model: name, provider: model.provider.name },
    });
  }
  if (!model.capabilities.includes("audio")) {
    throw new AppError("INVALID_INPUT", `Model "${name}" is not marked as audio-capable; choose a speech-to-text model such as whisper-1`, {
      reason: "media.model_not_audio",
      params: { model: name },
    });
  }
}

/** Reads the named assets; every one must be a live, processed audio file of the workspace. */
async function readAudioAssets(db: Db, actor: Actor, assetIds: string[]): Promise<MediaAsset[]> {
  const assets = await db.mediaAsset.findMany({ where: { id: { in: assetIds }, workspaceId: actor.workspaceId, deletedAt: null } });
  const missing = assetIds.find((id) => !assets.some((asset) => asset.id === id));
  if (missing) throw new AppError("NOT_FOUND", `No media file ${missing} in this workspace`, { reason: "media.not_found", params: { id: missing } });

  const notAudio = assets.find((asset) => asset.kind !== "audio");
  if (notAudio) {
    throw new AppError("INVALID_INPUT", `"${notAudio.originalName}" is not an audio file; only audio can be transcribed`, {
      reason: "media.not_audio",
      params: { filename: notAudio.originalName },
    });
  }
  const notReady = assets.find((asset) => asset.status !== "ready");
  if (notReady) {
    throw new AppError("CONFLICT", `"${notReady.originalName}" is still processing or failed to process; wait until it is ready`, {
      reason: "media.not_ready",
      params: { filename: notReady.originalName },
    });
  }
  return assets;
}

/**
 * Queues a media.transcribe job per audio file. Each status turns queued before its job is sent, and a
 * failed send restores the status it had, so no file waits for a job that does not exist. While a job for
 * a file is still queued, a second request sends nothing new (one queued job per file), so that job keeps
 * the model it was sent with.
 */
export async function requestTranscriptions(db: Db, enqueue: Enqueue, actor: Actor, input: TranscribeInput): Promise<{ assets: MediaAsset[]; audit: AuditEntry }> {
  await assertAudioModel(db, actor, input.modelId);
  const assets = await readAudioAssets(db, actor, input.assetIds);

  const queued: MediaAsset[] = [];
  for (const asset of assets) {
    const updated = await db.mediaAsset.update({ where: { id: asset.id }, data: { transcriptStatus: "queued", transcriptError: null } });
    try {
      await enqueue("media.transcribe", { assetId: asset.id, modelId: input.modelId }, { singletonKey: asset.id });
    } catch (error) {
      await db.mediaAsset.update({ where: { id: asset.id }, data: { transcriptStatus: asset.transcriptStatus, transcriptError: asset.transcriptError } });
      throw error;
    }
    queued.push(updated);
  }

  const audit: AuditEntry = { action: "media.transcribe", targetType: "media", targetId: assets.length === 1 ? assets[0]!.id : null, changes: { assetIds: input.assetIds, modelId: input.modelId } };
  return { assets: queued, audit };
}
