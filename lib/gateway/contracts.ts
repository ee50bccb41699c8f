import type { Currency, ModelTarget } from "@/lib/llm/types";
import type { RequestLogEntry } from "@/lib/usage/request-log";

/**
 * The contracts between the gateway's parts: the config snapshot (keys, deployments, targets), the rate
 * limiter, the response cache, the router, the canary monitor and the batched log writer. The request
 * handlers in lib/gateway/handlers use them; each part lives in its own module.
 */

/** An API key as the request path reads it: loaded into memory and refreshed from the database every few seconds. */
export type KeyPolicy = {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  /** Deployment names, or ["*"] for all. */
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: number | null;
  budgetCurrency: Currency;
  expiresAt: Date | null;
  revokedAt: Date | null;
  cacheEnabled: boolean;
  storeContent: boolean;
};

export type DeploymentTarget = { modelId: string; weight: number };

export type CanaryState = "none" | "active" | "rolled_back";

export type DeploymentConfig = {
  id: string;
  workspaceId: string;
  name: string;
  targets: DeploymentTarget[];
  fallbacks: string[];
  canary: {
    modelId: string;
    percent: number;
    maxErrorRate: number;
    maxP95Ms: number | null;
    minRequests: number;
    state: CanaryState;
    /**
     * When the deployment row last changed (its updatedAt, in ms). A start, resume or edit changes it, and the
     * canary monitor then starts a fresh window. Left out where a test builds a config by hand.
     */
    changedAt?: number;
  } | null;
  retries: number;
  retryBackoffMs: number;
  fallbackOn: number[];
  timeoutMs: number;
  cacheTtlSeconds: number;
  enabled: boolean;
};

/** The gateway's copy of keys, deployments and targets at one moment, replaced whole on each refresh. */
export type ConfigSnapshot = {
  /** keyHash (sha256 hex) → key. */
  keysByHash: Map<string, KeyPolicy>;
  /** `${workspaceId}/${name}` → deployment. */
  deployments: Map<string, DeploymentConfig>;
  /** ProviderModel id → callable target (decrypted key, prices, address policy). */
  targets: Map<string, ModelTarget>;
  loadedAt: number;
};

/** One upstream call the router planned: which model, and why it is tried. */
export type Attempt = { modelId: string; role: "primary" | "canary" | "fallback" };

export type LimitKind = "rpm" | "tpm" | "budget";

export type LimitDecision =
  | { allowed: true }
  | { allowed: false; kind: LimitKind; retryAfterSeconds: number; message: string };

/** Shared RPM/TPM/budget enforcement for API keys across gateway replicas. */
export interface KeyLimiter {
  /** Takes one request slot for the key (RPM) and checks TPM and the monthly budget. */
  admit(key: KeyPolicy, now?: number): Promise<LimitDecision>;
  /** Counts the tokens and cost of a finished request against the key's TPM window and budget. */
  record(key: KeyPolicy, usage: { tokens: number; cost: number | null; currency: Currency | null }, now?: number): void;
  /** Pushes counters still held in memory; called on shutdown. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** A finished chat completion kept in the cache, replayable as JSON or as an SSE stream. */
export type CachedCompletion = {
  /** The OpenAI response body as sent to the first client (model already set to the deployment name). */
  body: Record<string, unknown>;
  createdAt: number;
  /** The ProviderModel that produced the answer, so a hit is logged against the model that wrote it. */
  modelId?: string;
};

export interface ResponseCache {
  get(cacheKey: string): Promise<CachedCompletion | null>;
  set(cacheKey: string, value: CachedCompletion, ttlSeconds: number): void;
  stop(): Promise<void>;
}

/** A RequestLog row plus the gateway-only columns. */
export type GatewayLogEntry = RequestLogEntry & {
  deploymentId: string | null;
  attempts: number;
  fallbackUsed: boolean;
  canary: boolean;
  queryHash: string | null;
  /** PII-masked last user message (at most 200 characters) for the top-queries roll-up; null when not stored. */
  queryText: string | null;
  /** PII-masked messages and answer, only when the key allows storing content. */
  content: { messages: unknown; answer: string | null } | null;
  createdAt: Date;
};

/** Buffers log entries and writes them in batches, so logging never delays a response. */
export interface LogSink {
  /** Never throws and never waits; drops the oldest entries when the buffer is full. */
  push(entry: GatewayLogEntry): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  stats(): { buffered: number; dropped: number; written: number; failedFlushes: number };
}

/** Watches canary outcomes and rolls a canary back when it crosses its thresholds. */
export interface CanaryMonitor {
  record(deployment: DeploymentConfig, outcome: { ok: boolean; latencyMs: number }): void;
}
