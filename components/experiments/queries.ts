"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiGet, apiUrl, type ApiItem } from "@/components/datasets/api";
import type { ExperimentSummaryView, ExperimentView, ResultFilter, ResultSummaryView, ResultView } from "./types";

type Page<T> = { data: T[]; nextCursor: string | null };

/** Milliseconds between polls while an experiment is queued or running. */
const POLL_MS = 1_500;

export const experimentKeys = {
  all: ["experiments"] as const,
  list: () => ["experiments", "list"] as const,
  detail: (id: string) => ["experiments", id] as const,
  results: (id: string, variantId: string, filter: ResultFilter) => ["experiments", id, "results", variantId, filter] as const,
  result: (id: string, resultId: string) => ["experiments", id, "result", resultId] as const,
};

const isActive = (status: string | undefined) => status === "queued" || status === "running";

/** Loads the experiment list and polls it while any experiment on the first page is still running. */
export function useExperiments() {
  return useInfiniteQuery({
    queryKey: experimentKeys.list(),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => apiGet<Page<ExperimentSummaryView>>(apiUrl("/experiments", { before: pageParam }), signal),
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages[0]?.data.some((experiment) => isActive(experiment.status)) ? POLL_MS : false),
  });
}

/** Loads one experiment and polls it until it finishes, so the progress bar and summaries move. */
export function useExperiment(experimentId: string) {
  return useQuery({
    queryKey: experimentKeys.detail(experimentId),
    queryFn: ({ signal }) => apiGet<ApiItem<ExperimentView>>(`/experiments/${encodeURIComponent(experimentId)}`, signal).then((body) => body.data),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? POLL_MS : false),
  });
}

export function useResults(experimentId: string, variantId: string, filter: ResultFilter, live: boolean) {
  return useInfiniteQuery({
    queryKey: experimentKeys.results(experimentId, variantId, filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<Page<ResultSummaryView>>(apiUrl(`/experiments/${encodeURIComponent(experimentId)}/results`, { variantId, filter, after: pageParam, limit: 50 }), signal),
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: live ? POLL_MS * 2 : false,
  });
}

export function useResult(experimentId: string, resultId: string | null) {
  return useQuery({
    queryKey: experimentKeys.result(experimentId, resultId ?? ""),
    enabled: resultId !== null,
    queryFn: ({ signal }) =>
      apiGet<ApiItem<ResultView>>(`/experiments/${encodeURIComponent(experimentId)}/results/${encodeURIComponent(resultId ?? "")}`, signal).then((body) => body.data),
  });
}
