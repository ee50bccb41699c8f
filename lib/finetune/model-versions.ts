import { recordAudit } from "@/lib/audit/record";
import { emptyRequestMeta, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { BaseModel, FineTuneJob, Prisma } from "@/lib/db/generated/client";
import { registerLocalModel } from "@/lib/runtime/local-provider";
import { LORA_METHODS } from "./hyperparameters";

/** Builds a name usable as a local model id (letters, digits and . _ : / @ + -): "ft:<base model>:<job id>". */
export function modelVersionName(baseModelName: string, externalId: string): string {
  const base = baseModelName.replace(/[^A-Za-z0-9._@+-]+/g, "-").replace(/^-+|-+$/g, "") || "model";
  return `ft:${base.slice(0, 80)}:${externalId}`;
}

/** Jobs whose result the local runtime serves as a chat model: causal-LM adapters and fully fine-tuned causal LMs. */
function servesAsChatModel(job: FineTuneJob): boolean {
  if (job.task !== "chat_sft") return false;
  return LORA_METHODS.includes(job.method) || job.method === "prompt_tuning" || job.method === "full";
}

/**
 * Records a succeeded job as a model version and, for chat models, registers it with the workspace's
 * local runtime so the playground and the gateway can call it. Runs again harmlessly after a retry:
 * an existing version for the job is returned as it is.
 */
export async function registerModelVersion(db: Db, job: FineTuneJob, baseModel: BaseModel) {
  const existing = await db.modelVersion.findUnique({ where: { jobId: job.id } });
  if (existing) return existing;

  const artifacts = await db.fineTuneArtifact.findMany({ where: { jobId: job.id, kind: { in: ["adapter", "merged"] } }, orderBy: { createdAt: "asc" } });
  const adapter = artifacts.find((artifact) => artifact.kind === "adapter") ?? null;
  // Full fine-tuning reports its complete weights as kind "merged" in model/; a LoRA merge also writes merged/.
  const fullWeights = job.method === "full" ? (artifacts.find((artifact) => artifact.kind === "merged") ?? null) : null;
  const name = modelVersionName(baseModel.name, job.externalId);

  let providerModelId: string | null = null;
  if (servesAsChatModel(job) && baseModel.localPath && (adapter || fullWeights)) {
    // The job's creator acts through the system: the registration is Luodi's own follow-up to their launch.
    const actor: Actor = { type: "system", userId: job.createdById, email: null, role: "admin", workspaceId: job.workspaceId };
    const localPath = fullWeights?.path ?? baseModel.localPath;
    const { model, audit } = await registerLocalModel(db, actor, { name, displayName: `${job.name} (${baseModel.name})`, localPath, adapterPath: fullWeights ? null : (adapter?.path ?? null) });
    await recordAudit(db, actor, emptyRequestMeta, audit);
    providerModelId = model.id;
  }

  return db.modelVersion.create({
    data: {
      workspaceId: job.workspaceId,
      name,
      baseModelId: baseModel.id,
      jobId: job.id,
      datasetVersionId: job.datasetVersionId,
      adapterArtifactId: (adapter ?? fullWeights)?.id ?? null,
      providerModelId,
      metrics: { latest: job.metrics, evaluation: job.evaluation } as unknown as Prisma.InputJsonValue,
    },
  });
}
