import type { Granularity } from "./types";

/** Time ranges the dashboards offer, each read from the roll-ups of one granularity. */
export const RANGE_PRESETS = {
  "6h": { granularity: "minute", spanMs: 6 * 3_600_000 },
  "24h": { granularity: "hour", spanMs: 24 * 3_600_000 },
  "7d": { granularity: "hour", spanMs: 7 * 86_400_000 },
  "30d": { granularity: "day", spanMs: 30 * 86_400_000 },
  "90d": { granularity: "day", spanMs: 90 * 86_400_000 },
} as const satisfies Record<string, { granularity: Granularity; spanMs: number }>;

export type RangePreset = keyof typeof RANGE_PRESETS;
export const RANGE_PRESET_KEYS = Object.keys(RANGE_PRESETS) as RangePreset[];

/** Filters of the dashboards; "" means any, and NONE selects the calls without that dimension. */
export type DashboardFilters = { source: string; modelId: string; apiKeyId: string; route: string };
export const EMPTY_FILTERS: DashboardFilters = { source: "", modelId: "", apiKeyId: "", route: "" };

/** Option value that selects calls without a key or route (sent to the API as an empty string). */
export const NONE = "__none__";

/** Query parameters of a view: the preset's granularity and span ending at `anchor`, plus the filters. */
export function viewQuery(preset: RangePreset, anchor: number, filters: DashboardFilters) {
  const { granularity, spanMs } = RANGE_PRESETS[preset];
  const dimension = (value: string) => {
    if (value === "") return undefined;
    return value === NONE ? "" : value;
  };
  return {
    granularity,
    from: new Date(anchor - spanMs).toISOString(),
    to: new Date(anchor).toISOString(),
    source: filters.source || undefined,
    modelId: dimension(filters.modelId),
    apiKeyId: dimension(filters.apiKeyId),
    route: dimension(filters.route),
  };
}

export type ViewQuery = ReturnType<typeof viewQuery>;

/** Query string of a view; unlike apiUrl it keeps empty strings, which select "no key" or "no route". */
export function viewSearch(query: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}
