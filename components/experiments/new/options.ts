"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { apiGet, type ApiList } from "@/components/datasets/api";
import type { DatasetOption, DatasetVersionOption, ModelOption, PromptVersionOption, TemplateOption } from "../types";

/**
 * Choices of the new-experiment form, read from the prompts, providers and datasets APIs. The query keys
 * sit under their own prefix because these queries reshape the data (ready versions only, for example),
 * so they must not share cache entries with the other areas' pages.
 */
const PREFIX = "experiment-options";

export function useTemplates() {
  return useQuery({ queryKey: [PREFIX, "templates"], queryFn: ({ signal }) => apiGet<ApiList<TemplateOption>>("/prompts", signal).then((body) => body.data) });
}

export function useChatModels() {
  return useQuery({
    queryKey: [PREFIX, "chat-models"],
    queryFn: ({ signal }) => apiGet<ApiList<ModelOption>>("/provider-models?capability=chat", signal).then((body) => body.data),
  });
}

export function useDatasetOptions() {
  return useQuery({ queryKey: [PREFIX, "datasets"], queryFn: ({ signal }) => apiGet<ApiList<DatasetOption>>("/datasets", signal).then((body) => body.data) });
}

export function useDatasetVersions(datasetId: string) {
  return useQuery({
    queryKey: [PREFIX, "dataset-versions", datasetId],
    enabled: datasetId !== "",
    queryFn: ({ signal }) =>
      apiGet<ApiList<DatasetVersionOption>>(`/datasets/${encodeURIComponent(datasetId)}/versions`, signal).then((body) => body.data.filter((version) => version.status === "ready")),
  });
}

/** Versions of each named template, newest first, as a map from template name to its versions. */
export function useTemplateVersions(templateNames: string[]): Map<string, PromptVersionOption[]> {
  const unique = [...new Set(templateNames.filter((name) => name !== ""))];
  const results = useQueries({
    queries: unique.map((name) => ({
      queryKey: [PREFIX, "template-versions", name],
      queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<ApiList<PromptVersionOption>>(`/prompts/${encodeURIComponent(name)}/versions`, signal).then((body) => body.data),
    })),
  });
  return new Map(unique.map((name, index) => [name, results[index]?.data ?? []]));
}
