import type { Capability, Currency } from "@/lib/llm/types";

/** Wire shapes of the API key and deployment routes as the console reads them (dates are ISO strings). */

export type ApiKeyStatus = "active" | "expired" | "revoked";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  status: ApiKeyStatus;
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: number | null;
  budgetCurrency: Currency;
  monthSpend: { currency: Currency; amount: number }[];
  expiresAt: string | null;
  revokedAt: string | null;
  cacheEnabled: boolean;
  storeContent: boolean;
  fineTuningEnabled: boolean;
  rotatedFromId: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type CreatedApiKey = { apiKey: ApiKeyView; key: string };
export type RotatedApiKey = CreatedApiKey & { previous: ApiKeyView };

export type ModelSummary = { id: string; name: string; displayName: string; providerName: string; capabilities: Capability[]; callable: boolean };
export type ModelReference = { modelId: string; model: ModelSummary | null };

export type CanaryState = "none" | "active" | "rolled_back";

export type CanaryView = ModelReference & {
  percent: number;
  maxErrorRate: number;
  maxP95Ms: number | null;
  minRequests: number;
  state: CanaryState;
  rolledBackAt: string | null;
  rollbackNote: string | null;
};

export type DeploymentView = {
  id: string;
  name: string;
  description: string;
  targets: (ModelReference & { weight: number; percent: number })[];
  fallbacks: ModelReference[];
  canary: CanaryView | null;
  retries: number;
  retryBackoffMs: number;
  fallbackOn: number[];
  timeoutMs: number;
  cacheTtlSeconds: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

/** An enabled model of an enabled provider, as GET /provider-models lists it for pickers. */
export type UsableModel = { id: string; name: string; displayName: string; providerName: string; capabilities: Capability[] };
