import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";
import { writeRequestLogs } from "@/lib/usage/log-writer";

/** Builds a gateway log entry with plain defaults; tests override what they check. */
export function gatewayEntry(workspaceId: string, createdAt: Date, overrides: Partial<GatewayLogEntry> = {}): GatewayLogEntry {
  return {
    workspaceId,
    source: "gateway",
    userId: null,
    apiKeyId: null,
    providerId: null,
    modelId: null,
    model: "fake-chat",
    route: null,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    errorMessage: null,
    inputTokens: 0,
    outputTokens: 0,
    usageEstimated: false,
    ttftMs: null,
    latencyMs: 100,
    cost: null,
    currency: null,
    cacheHit: false,
    stream: false,
    experimentId: null,
    promptVersionId: null,
    requestId: null,
    deploymentId: null,
    attempts: 1,
    fallbackUsed: false,
    canary: false,
    queryHash: null,
    queryText: null,
    content: null,
    createdAt,
    ...overrides,
  };
}

/** Creates an API key row with a random hash; the dashboards read only its name and prefix. */
export async function createKeyRow(db: Db, workspaceId: string, name: string, options: { storeContent?: boolean } = {}) {
  const secret = `lk-${randomBytes(32).toString("base64url")}`;
  return db.apiKey.create({
    data: { workspaceId, name, prefix: secret.slice(0, 11), keyHash: createHash("sha256").update(secret).digest("hex"), storeContent: options.storeContent ?? false },
  });
}

/** Creates a provider with one priced model. */
export async function createModelRow(db: Db, workspaceId: string, providerName: string, modelName: string, currency: "CNY" | "USD") {
  const provider = await db.provider.create({ data: { workspaceId, name: providerName, kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1" } });
  return db.providerModel.create({ data: { workspaceId, providerId: provider.id, name: modelName, currency, inputPrice: "1", outputPrice: "2", capabilities: ["chat"] } });
}

export async function writeEntries(db: Db, entries: GatewayLogEntry[]) {
  await writeRequestLogs(db, entries);
}

/** Returns a copy of `base` moved by whole minutes; negative values go back in time. */
export function minutesFrom(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}
