import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { recordAudit, type AuditEntry } from "@/lib/audit/record";
import type { RouteContext } from "../app";
import { authenticate } from "../auth";
import type { KeyPolicy } from "../contracts";
import { GatewayError } from "../respond";
import { requireConfig } from "../handlers/routing";

/** An API key allowed to use the files and fine-tuning endpoints, with the actor its actions run as. */
export type FineTuningCaller = { key: KeyPolicy; actor: Actor; meta: RequestMeta };

/**
 * Authenticates the request and checks the key's fineTuningEnabled setting. The setting is read from the
 * database on every call rather than from the config snapshot, so turning it off takes effect at once.
 * The actor has the engineer role because the launch checks are those of an engineer in the console.
 */
export async function authorizeFineTuning(context: RouteContext): Promise<FineTuningCaller> {
  const { req, deps } = context;
  await requireConfig(deps);
  const key = await authenticate(req, deps.config);

  const stored = await deps.db.apiKey.findUnique({ where: { id: key.id }, select: { fineTuningEnabled: true } });
  if (!stored?.fineTuningEnabled) {
    throw new GatewayError(403, {
      message: `The API key ${key.prefix}… may not use the files and fine-tuning endpoints. An admin turns on "Allow file uploads and fine-tuning jobs" (fineTuningEnabled) for the key under API keys in the Luodi console.`,
      type: "permission_error",
      param: null,
      code: "fine_tuning_not_enabled",
    });
  }

  const actor: Actor = { type: "api_key", userId: null, email: null, role: "engineer", workspaceId: key.workspaceId, apiKeyId: key.id };
  const userAgent = req.headers["user-agent"];
  const meta: RequestMeta = { ip: req.socket.remoteAddress ?? null, userAgent: typeof userAgent === "string" ? userAgent : null, requestId: context.requestId };
  return { key, actor, meta };
}

/** Records a mutation made through the gateway, with the API key's id as the actor id. */
export async function auditKeyAction(context: RouteContext, caller: FineTuningCaller, entry: AuditEntry): Promise<void> {
  const auditActor: Actor = { ...caller.actor, userId: caller.key.id };
  const changes = { ...(entry.changes ?? {}), apiKeyPrefix: caller.key.prefix, apiKeyName: caller.key.name };
  await recordAudit(context.deps.db, auditActor, caller.meta, { ...entry, changes });
}
