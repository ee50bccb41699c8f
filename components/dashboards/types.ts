/** Dashboard responses as the management API sends them (dates as ISO 8601 strings). */

// The same shapes the server builds; a type-only import keeps server code out of the browser bundle.
export type { CurrencyCost, UsageTotals } from "@/lib/usage/dashboard-rollups";
import type { UsageTotals } from "@/lib/usage/dashboard-rollups";

export type Change = { vsSameTime: number | null; vsYesterday: number | null };

export type UsageOverview = {
  timeZone: string;
  todayStart: string;
  now: string;
  today: UsageTotals;
  yesterdaySameTime: UsageTotals;
  yesterday: UsageTotals;
  changes: { totalTokens: Change; requests: Change };
};

export type Granularity = "minute" | "hour" | "day";

export type SeriesPoint = UsageTotals & { bucket: string };

export type UsageSeries = { granularity: Granularity; from: string; to: string; points: SeriesPoint[] };

export type BreakdownDimension = "model" | "key" | "route";

export type BreakdownItem = UsageTotals & { id: string; name: string | null; detail: string | null };

export type UsageBreakdown = { by: BreakdownDimension; granularity: Granularity; from: string; to: string; items: BreakdownItem[]; totals: UsageTotals };

export type UsageTopQueries = { day: string; distinctQueries: number; totalCount: number; items: Array<{ queryHash: string; text: string | null; count: number }> };
