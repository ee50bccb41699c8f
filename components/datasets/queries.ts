"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { apiGet, type ApiItem, type ApiList } from "./api";
import type { DatasetView, TaskView, VersionView } from "./types";

/**
 * React-query keys of the dataset pages. Everything of one dataset sits under `["datasets", id]`, so
 * invalidating `datasetKeys.dataset(id)` after a change (a saved draft, a new version) refreshes the
 * header, the version lists and the tab pages at once.
 */
export const datasetKeys = {
  all: ["datasets"] as const,
  list: () => ["datasets", "list"] as const,
  dataset: (datasetId: string) => ["datasets", datasetId] as const,
  detail: (datasetId: string) => ["datasets", datasetId, "detail"] as const,
  versions: (datasetId: string) => ["datasets", datasetId, "versions"] as const,
  version: (datasetId: string, versionId: string) => ["datasets", datasetId, "version", versionId] as const,
  imports: (datasetId: string) => ["datasets", datasetId, "imports"] as const,
  tasks: (datasetId: string) => ["datasets", datasetId, "tasks"] as const,
  task: (taskId: string) => ["dataset-tasks", taskId] as const,
  import: (importId: string) => ["dataset-imports", importId] as const,
};

export function useDataset(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.detail(datasetId),
    queryFn: ({ signal }) => apiGet<ApiItem<DatasetView>>(`/datasets/${encodeURIComponent(datasetId)}`, signal).then((body) => body.data),
  });
}

/** Ready versions of a dataset, newest first, plus the draft when one exists. */
export function useVersions(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.versions(datasetId),
    queryFn: ({ signal }) => apiGet<ApiList<VersionView>>(`/datasets/${encodeURIComponent(datasetId)}/versions`, signal).then((body) => body.data),
  });
}

/** One version with its statistics. */
export function useVersion(datasetId: string, versionId: string | null) {
  return useQuery({
    queryKey: datasetKeys.version(datasetId, versionId ?? ""),
    enabled: versionId !== null,
    queryFn: ({ signal }) => apiGet<ApiItem<VersionView>>(`/dataset-versions/${encodeURIComponent(versionId ?? "")}`, signal).then((body) => body.data),
  });
}

export function useTasks(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.tasks(datasetId),
    queryFn: ({ signal }) => apiGet<ApiList<TaskView>>(`/datasets/${encodeURIComponent(datasetId)}/tasks`, signal).then((body) => body.data),
  });
}

/** Returns a function that refetches everything shown for one dataset, after an operation changed it. */
export function useRefreshDataset(datasetId: string) {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
    void queryClient.invalidateQueries({ queryKey: datasetKeys.list() });
  }, [datasetId, queryClient]);
}
