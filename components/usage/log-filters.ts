/** Time ranges of the usage log; "custom" uses the from and to dates, "all" sets no bound. */
export const LOG_RANGES = ["1h", "24h", "7d", "30d", "all", "custom"] as const;
export type LogRange = (typeof LOG_RANGES)[number];

const RANGE_MS: Record<Exclude<LogRange, "all" | "custom">, number> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

export type LogFilters = {
  range: LogRange;
  /** Local dates (YYYY-MM-DD) of a custom range. */
  from: string;
  to: string;
  source: string;
  status: string;
  model: string;
  apiKeyId: string;
  route: string;
  /** "", "true" or "false". */
  cacheHit: string;
  errorsOnly: boolean;
  /** Whole milliseconds as typed; "" for no minimum. */
  minLatencyMs: string;
  requestId: string;
};

export const EMPTY_LOG_FILTERS: LogFilters = {
  range: "24h",
  from: "",
  to: "",
  source: "",
  status: "",
  model: "",
  apiKeyId: "",
  route: "",
  cacheHit: "",
  errorsOnly: false,
  minLatencyMs: "",
  requestId: "",
};

/** Query parameters of the filters. `anchor` ends relative ranges; a custom "to" date includes its whole day. */
export function logFilterQuery(filters: LogFilters, anchor: number) {
  const relative = filters.range !== "all" && filters.range !== "custom";
  const minLatency = /^\d{1,8}$/.test(filters.minLatencyMs.trim()) ? filters.minLatencyMs.trim() : undefined;
  return {
    source: filters.source || undefined,
    status: filters.status || undefined,
    model: filters.model.trim() || undefined,
    apiKeyId: filters.apiKeyId || undefined,
    route: filters.route.trim() || undefined,
    cacheHit: filters.cacheHit || undefined,
    errorsOnly: filters.errorsOnly ? "true" : undefined,
    minLatencyMs: minLatency,
    requestId: filters.requestId.trim() || undefined,
    from: relative
      ? new Date(anchor - RANGE_MS[filters.range as keyof typeof RANGE_MS]).toISOString()
      : filters.range === "custom" && filters.from
        ? new Date(`${filters.from}T00:00:00`).toISOString()
        : undefined,
    to: filters.range === "custom" && filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  };
}
