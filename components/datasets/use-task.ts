"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet, type ApiItem } from "./api";
import { datasetKeys } from "./queries";
import type { TaskView } from "./types";

/** How often a running task or import is polled, in milliseconds. */
export const POLL_INTERVAL_MS = 700;

export const isTaskActive = (task: TaskView | undefined) => task?.status === "queued" || task?.status === "running";

/** Polls a dataset task while it is queued or running; stops once it completed or failed. */
export function useTask(taskId: string | null) {
  return useQuery({
    queryKey: datasetKeys.task(taskId ?? ""),
    enabled: taskId !== null,
    queryFn: ({ signal }) => apiGet<ApiItem<TaskView>>(`/dataset-tasks/${encodeURIComponent(taskId ?? "")}`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data === undefined || isTaskActive(query.state.data) ? POLL_INTERVAL_MS : false),
    staleTime: 0,
  });
}

/** URL that downloads the file an export task wrote. */
export function taskDownloadUrl(taskId: string): string {
  return `/api/v1/dataset-tasks/${encodeURIComponent(taskId)}/download`;
}
