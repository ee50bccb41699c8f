import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { LOCAL_KIND } from "@/lib/providers/presets";

/** Local runtime processes of the workspace's local models, newest start first. */
export async function listLocalRuntimes(db: Db, actor: Actor) {
  const models = await db.providerModel.findMany({
    where: { workspaceId: actor.workspaceId, provider: { kind: LOCAL_KIND } },
    select: { id: true, name: true },
  });
  const names = new Map(models.map((model) => [model.id, model.name]));
  const rows = await db.localRuntime.findMany({ where: { modelId: { in: [...names.keys()] } }, orderBy: { startedAt: "desc" } });
  return rows.map((row) => ({ ...row, modelName: names.get(row.modelId) ?? "" }));
}

/**
 * Asks for the model's runtime to stop by marking its row stopped. The process that started it stops it
 * at its reaper's next pass (within 30 s), wherever it runs; the next request starts a fresh one.
 */
export async function requestRuntimeStop(db: Db, actor: Actor, modelId: string) {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId: actor.workspaceId, provider: { kind: LOCAL_KIND } } });
  if (!model) throw new AppError("NOT_FOUND", "No such local model in this workspace", { reason: "runtime.model_not_found" });

  const marked = await db.localRuntime.updateMany({
    where: { modelId, status: { in: ["ready", "starting"] } },
    data: { status: "stopped", message: "stopped by an admin" },
  });
  const audit: AuditEntry = { action: "runtime.stop", targetType: "provider_model", targetId: modelId, changes: { model: model.name } };
  return { stopped: marked.count > 0, audit };
}
