import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { assertNameFree } from "./base-models";
import { DEFAULT_REVISION } from "./hub-ids";
import type { RegisterBaseModelInput } from "./schemas";

type HubModelInput = Exclude<RegisterBaseModelInput, { source: "local" }>;

/**
 * Registers a Hugging Face or ModelScope repository as a base model with status "downloading" and queues
 * its download (finetune.download). The worker fills in the folder, architecture and the other inspected
 * fields when the download is verified, or sets status "failed" with the error.
 * Raises CONFLICT for a name in use, or while another base model downloads the same repository and revision,
 * because both downloads would write the same partial folder.
 */
export async function registerHubModel(db: Db, enqueue: Enqueue, actor: Actor, input: HubModelInput) {
  await assertNameFree(db, actor, input.name);
  const revision = input.revision ?? DEFAULT_REVISION[input.source];

  // Downloads of every workspace share LUODI_DATA_DIR/models, so the check spans workspaces.
  const running = await db.baseModel.findFirst({ where: { source: input.source, repoId: input.repoId, revision, status: "downloading" }, select: { id: true } });
  if (running) {
    throw new AppError("CONFLICT", `${input.repoId} at revision ${revision} is already downloading for another base model; wait until it is ready, then register it again`, {
      reason: "finetune.hub_download_running",
      params: { repoId: input.repoId, revision },
      fieldErrors: { repoId: ["Already downloading"] },
    });
  }

  const model = await db.baseModel.create({
    data: {
      workspaceId: actor.workspaceId,
      name: input.name,
      source: input.source,
      repoId: input.repoId,
      revision,
      status: "downloading",
      downloadedBytes: 0n,
      createdById: actor.userId,
    },
  });

  try {
    await enqueue("finetune.download", { baseModelId: model.id });
  } catch (error) {
    // Without a queued job nothing would ever move the row out of "downloading".
    await db.baseModel.update({ where: { id: model.id }, data: { status: "failed", error: "Queuing the download failed; register the model again" } });
    throw error;
  }

  const audit: AuditEntry = {
    action: "finetune.base_model_register",
    targetType: "base_model",
    targetId: model.id,
    changes: { name: model.name, source: model.source, repoId: model.repoId, revision: model.revision },
  };
  return { model, audit };
}
