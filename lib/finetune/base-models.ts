import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { checkModelFolder } from "@/lib/runtime/folders";
import type { Enqueue } from "@/lib/queue/producer";
import { registerHubModel } from "./base-models-hub";
import type { RegisterBaseModelInput } from "./schemas";
import type { ModelInfoEvent } from "./trainer-events";
import { readTrainerSettings, runTrainerCommand, type TrainerSettings } from "./trainer-process";

/** Time given to `inspect`, which reads safetensors headers or builds an empty model from config.json. */
const INSPECT_TIMEOUT_MS = 120_000;

export function baseModelNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such base model in this workspace", { reason: "finetune.base_model_not_found" });
}

/**
 * Checks the folder's files in this process, so a wrong path is reported at once with the missing file.
 * The checks raise runtime.* reasons, which are renamed to their finetune.* twins because those messages
 * speak of base models.
 */
export async function checkFolder(localPath: string): Promise<void> {
  try {
    await checkModelFolder(localPath);
  } catch (error) {
    if (!isAppError(error) || !error.options.reason?.startsWith("runtime.")) throw error;
    const reason = `finetune.${error.options.reason.slice("runtime.".length)}`;
    throw new AppError(error.code, error.publicMessage, { ...error.options, reason });
  }
}

/** Runs `python -m luodi_trainer inspect` and returns its model_info event, or raises its error in plain words. */
export async function inspectModelFolder(localPath: string, settings: TrainerSettings = readTrainerSettings()): Promise<ModelInfoEvent> {
  const result = await runTrainerCommand(settings, ["inspect", "--model", localPath], INSPECT_TIMEOUT_MS);
  const info = result.events.find((event) => event.event === "model_info");
  if (info?.event === "model_info") return info;

  const failure = result.events.find((event) => event.event === "error");
  if (failure?.event === "error" && failure.code === "missing_model_files") {
    throw new AppError("INVALID_INPUT", failure.message, {
      reason: "finetune.model_files_invalid",
      params: { path: localPath, detail: failure.message },
      fieldErrors: { localPath: [failure.message] },
    });
  }
  // The trainer's own text of an unexpected failure may quote exception text, so it goes to the log only.
  const detail = failure?.event === "error" ? failure.message : `exit code ${result.exitCode}: ${result.stderrTail.slice(-3).join(" | ")}`;
  logger.warn({ path: localPath, error: detail }, "finetune.inspect_failed");
  throw new AppError("INTERNAL", `Reading the model folder ${localPath} failed; the server log has the trainer's output`, { reason: "finetune.inspect_failed", params: { path: localPath } });
}

/** Raises CONFLICT when the workspace already has a base model with this name. */
export async function assertNameFree(db: Db, actor: Actor, name: string): Promise<void> {
  const taken = await db.baseModel.findUnique({ where: { workspaceId_name: { workspaceId: actor.workspaceId, name } } });
  if (taken) {
    throw new AppError("CONFLICT", `A base model named "${name}" already exists; choose another name`, {
      reason: "finetune.base_model_name_taken",
      params: { name },
      fieldErrors: { name: ["Already in use"] },
    });
  }
}

/**
 * Registers a base model. A local folder is checked and inspected now. A Hugging Face or ModelScope
 * repository is registered as "downloading" and queued for a worker (see registerHubModel), so those
 * sources require `options.enqueue`.
 */
export async function registerBaseModel(db: Db, actor: Actor, input: RegisterBaseModelInput, options: { settings?: TrainerSettings; enqueue?: Enqueue } = {}) {
  if (input.source !== "local") {
    if (!options.enqueue) throw new Error("registerBaseModel needs an enqueue function for hub sources");
    return registerHubModel(db, options.enqueue, actor, input);
  }
  return registerLocalModel(db, actor, input, options.settings);
}

/**
 * Registers a model folder in Hugging Face format as a base model. Its architecture, parameter count,
 * context length, chat template and default LoRA target modules come from the trainer's `inspect`.
 * Raises INVALID_INPUT naming the folder or the missing file, and CONFLICT for a name in use.
 */
async function registerLocalModel(db: Db, actor: Actor, input: Extract<RegisterBaseModelInput, { source: "local" }>, settings?: TrainerSettings) {
  await assertNameFree(db, actor, input.name);

  await checkFolder(input.localPath);
  const info = await inspectModelFolder(input.localPath, settings ?? readTrainerSettings());

  const model = await db.baseModel.create({
    data: {
      workspaceId: actor.workspaceId,
      name: input.name,
      source: input.source,
      localPath: input.localPath,
      architecture: info.architecture,
      modelType: info.model_type,
      parameterCount: BigInt(info.parameter_count),
      contextLength: info.context_length,
      hasChatTemplate: info.chat_template,
      defaultTargetModules: info.default_target_modules ?? [],
      candidateTargetModules: info.candidate_target_modules,
      status: "ready",
      createdById: actor.userId,
    },
  });
  const audit: AuditEntry = {
    action: "finetune.base_model_register",
    targetType: "base_model",
    targetId: model.id,
    changes: { name: model.name, source: model.source, localPath: model.localPath, architecture: model.architecture },
  };
  return { model, audit };
}

export async function listBaseModels(db: Db, actor: Actor) {
  return db.baseModel.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { createdAt: "desc" } });
}

export async function getBaseModel(db: Db, actor: Actor, baseModelId: string) {
  const model = await db.baseModel.findFirst({ where: { id: baseModelId, workspaceId: actor.workspaceId } });
  if (!model) throw baseModelNotFound();
  return model;
}
