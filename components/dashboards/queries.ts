"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet, type ApiItem } from "@/components/datasets/api";
import type { BreakdownDimension, UsageBreakdown, UsageOverview, UsageSeries, UsageTopQueries } from "./types";
import { viewSearch, type ViewQuery } from "./view-state";

/** React-query keys of the dashboards; everything sits under `["usage"]`. */
export const usageKeys = {
  all: ["usage"] as const,
  overview: (query: object) => ["usage", "overview", query] as const,
  series: (query: ViewQuery) => ["usage", "series", query] as const,
  breakdown: (query: ViewQuery, by: BreakdownDimension) => ["usage", "breakdown", by, query] as const,
  topQueries: (day: string) => ["usage", "top-queries", day] as const,
};

function getData<T>(path: string, query: Record<string, string | number | undefined>, signal: AbortSignal) {
  return apiGet<ApiItem<T>>(`${path}?${viewSearch(query)}`, signal).then((body) => body.data);
}

export function useOverview(query: Omit<ViewQuery, "granularity" | "from" | "to"> & { timeZone: string }) {
  return useQuery({ queryKey: usageKeys.overview(query), queryFn: ({ signal }) => getData<UsageOverview>("/usage/overview", query, signal) });
}

export function useSeries(query: ViewQuery) {
  return useQuery({ queryKey: usageKeys.series(query), queryFn: ({ signal }) => getData<UsageSeries>("/usage/series", query, signal), placeholderData: (previous) => previous });
}

export function useBreakdown(query: ViewQuery, by: BreakdownDimension) {
  return useQuery({
    queryKey: usageKeys.breakdown(query, by),
    queryFn: ({ signal }) => getData<UsageBreakdown>("/usage/breakdown", { ...query, by }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useTopQueries(day: string) {
  return useQuery({ queryKey: usageKeys.topQueries(day), queryFn: ({ signal }) => getData<UsageTopQueries>("/usage/top-queries", { day, limit: 20 }, signal) });
}

/** Link to the CSV export of the view: the series or one breakdown, with column titles in `locale`. */
export function exportHref(query: ViewQuery, part: "series" | BreakdownDimension, locale: string): string {
  return `/api/v1/usage/export?${viewSearch({ ...query, part, locale })}`;
}
