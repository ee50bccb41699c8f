import type { GatewayLogEntry } from "@/lib/gateway/contracts";

/**
 * A successful gateway request-log entry with plain values; tests override the fields they check. The
 * defaults are arbitrary but fixed, so a test that relies on one names it in its overrides.
 */
export function gatewayLogEntry(overrides: Partial<GatewayLogEntry> & { workspaceId: string }): GatewayLogEntry {
  return {
    source: "gateway",
    userId: null,
    apiKeyId: "key-1",
    providerId: "prov-1",
    modelId: "model-1",
    model: "gpt-test",
    route: "chat",
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    errorMessage: null,
    inputTokens: 10,
    outputTokens: 20,
    usageEstimated: false,
    ttftMs: 40,
    latencyMs: 120,
    cost: 0.002,
    currency: "USD",
    cacheHit: false,
    stream: false,
    experimentId: null,
    promptVersionId: null,
    requestId: null,
    deploymentId: "dep-1",
    attempts: 1,
    fallbackUsed: false,
    canary: false,
    queryHash: null,
    queryText: null,
    content: null,
    createdAt: new Date(),
    ...overrides,
  };
}
