/** Usage log rows and totals as the management API sends them (dates as ISO 8601 strings). */

export type RequestLogView = {
  id: string;
  createdAt: string;
  source: "playground" | "experiment" | "gateway";
  model: string;
  modelId: string | null;
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
  stream: boolean;
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
