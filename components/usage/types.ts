/** Usage log rows, details and totals as the management API sends them (dates as ISO 8601 strings). */

export type RequestLogView = {
  id: string;
  createdAt: string;
  source: "playground" | "experiment" | "gateway" | "media";
  apiKeyId: string | null;
  apiKeyName: string | null;
  apiKeyPrefix: string | null;
  providerId: string | null;
  providerName: string | null;
  model: string;
  modelId: string | null;
  route: string | null;
  deploymentId: string | null;
  status: "ok" | "error" | "cancelled";
  httpStatus: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  ttftMs: number | null;
  latencyMs: number;
  cost: number | null;
  currency: string | null;
  cacheHit: boolean;
  stream: boolean;
  attempts: number;
  fallbackUsed: boolean;
  canary: boolean;
  experimentId: string | null;
  promptVersionId: string | null;
  requestId: string | null;
};

export type RequestLogDetail = RequestLogView & {
  deploymentName: string | null;
  content: { messages: unknown; answer: string | null } | null;
};

export type RequestLogSummary = {
  requests: number;
  ok: number;
  errors: number;
  cancelled: number;
  inputTokens: number;
  outputTokens: number;
  estimatedRequests: number;
  meanLatencyMs: number | null;
  meanTtftMs: number | null;
  costs: Array<{ currency: string; cost: number }>;
};
