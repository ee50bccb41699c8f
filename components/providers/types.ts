import type { Capability, Currency } from "@/lib/llm/types";
import type { ConnectionReason } from "@/lib/providers/remote-models";

/** Wire shapes of the providers API as the console reads them (dates are ISO strings). */

export type LastCheckView = { at: string; ok: boolean; reason: ConnectionReason; message: string };

export type ProviderView = {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  apiKeyHint: string | null;
  rpmLimit: number | null;
  timeoutMs: number;
  enabled: boolean;
  lastCheck: LastCheckView | null;
  modelCount: number | null;
  createdAt: string;
  updatedAt: string;
};

export type ProviderModelView = {
  id: string;
  providerId: string;
  name: string;
  displayName: string;
  capabilities: Capability[];
  inputPrice: number | null;
  outputPrice: number | null;
  currency: Currency;
  contextLength: number | null;
  local: boolean;
  enabled: boolean;
  updatedAt: string;
};

export type RemoteModelView = {
  id: string;
  ownedBy: string | null;
  imported: boolean;
  capabilities: Capability[];
  inputPrice: number | null;
  outputPrice: number | null;
  currency: Currency;
};

export type ConnectionTestView = {
  ok: boolean;
  reason: ConnectionReason;
  httpStatus: number | null;
  latencyMs: number;
  modelCount: number | null;
  message: string;
  params: Record<string, string | number>;
  checkedAt: string;
};

export type AllowRuleView = { id: string; pattern: string; note: string; createdAt: string };
