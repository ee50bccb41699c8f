import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Provider } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { policyFor } from "./allow-rules";
import { LOCAL_KIND } from "./presets";
import { getProvider } from "./providers";
import { fetchModelList, type ConnectionReason, type ModelListResult } from "./remote-models";
import { openApiKey } from "./secrets";

/** Maximum wait of a connection test or model listing, whatever the provider's own call timeout. */
const MAX_CHECK_TIMEOUT_MS = 15_000;
const MAX_CHECK_MESSAGE_LENGTH = 500;

function assertRemote(provider: Provider) {
  if (provider.kind === LOCAL_KIND) {
    throw new AppError("INVALID_INPUT", "Luodi starts the local runtime itself when one of its models is called, so it has no connection to test or model list to read", {
      reason: "providers.local_runtime_managed",
    });
  }
}

async function listModelsOf(db: Db, provider: Provider, timeoutMs?: number): Promise<ModelListResult> {
  assertRemote(provider);
  const policy = await policyFor(db, provider.workspaceId, provider.kind);
  const apiKey = openApiKey(provider);
  return fetchModelList(provider.baseUrl, apiKey, policy, Math.min(timeoutMs ?? provider.timeoutMs, MAX_CHECK_TIMEOUT_MS));
}

/** Stored form of a check's outcome in lastCheckMessage: "<reason>: <English detail>". */
export function formatCheckMessage(reason: ConnectionReason, message: string): string {
  return `${reason}: ${message}`.slice(0, MAX_CHECK_MESSAGE_LENGTH);
}

export type ConnectionTestResult = {
  ok: boolean;
  reason: ConnectionReason;
  httpStatus: number | null;
  latencyMs: number;
  modelCount: number | null;
  message: string;
  params: Record<string, string | number>;
  checkedAt: Date;
};

/**
 * Tests a provider by listing its models (GET {baseUrl}/models with its key, through the address guard)
 * and records the outcome on the provider. A failed connection is a result, not an error.
 */
export async function testProviderConnection(db: Db, actor: Actor, providerId: string, options: { timeoutMs?: number } = {}) {
  const provider = await getProvider(db, actor, providerId);
  const outcome = await listModelsOf(db, provider, options.timeoutMs);
  const checkedAt = new Date();

  await db.provider.update({
    where: { id: provider.id },
    data: { lastCheckedAt: checkedAt, lastCheckOk: outcome.ok, lastCheckMessage: formatCheckMessage(outcome.reason, outcome.message) },
  });

  const result: ConnectionTestResult = {
    ok: outcome.ok,
    reason: outcome.reason,
    httpStatus: outcome.httpStatus,
    latencyMs: outcome.latencyMs,
    modelCount: outcome.ok ? outcome.models.length : null,
    message: outcome.message,
    params: outcome.params,
    checkedAt,
  };
  const audit: AuditEntry = { action: "providers.test", targetType: "provider", targetId: provider.id, changes: { result: outcome.reason } };
  return { result, audit };
}

function upstreamError(outcome: Exclude<ModelListResult, { ok: true }>): AppError {
  if (outcome.reason === "blocked_address") {
    const metadata = outcome.params.blockReason === "metadata_address";
    return new AppError("INVALID_INPUT", outcome.message, {
      reason: metadata ? "providers.metadata_address" : "providers.private_address",
      params: { host: outcome.params.host ?? "", address: outcome.params.address ?? "" },
    });
  }
  return new AppError("UPSTREAM_ERROR", outcome.message, { reason: `providers.upstream_${outcome.reason}`, params: outcome.params });
}

/**
 * Lists the provider's models as its /models endpoint returns them, each marked when it is already imported.
 * Failures raise UPSTREAM_ERROR with a reason such as providers.upstream_unauthorized.
 */
export async function previewRemoteModels(db: Db, actor: Actor, providerId: string) {
  const provider = await getProvider(db, actor, providerId);
  const outcome = await listModelsOf(db, provider);
  if (!outcome.ok) throw upstreamError(outcome);

  const imported = await db.providerModel.findMany({ where: { providerId: provider.id }, select: { name: true } });
  const importedNames = new Set(imported.map((entry) => entry.name));
  return { provider, models: outcome.models.map((model) => ({ ...model, imported: importedNames.has(model.id) })) };
}
