"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { readJobSummaries, readModelVersionSummaries } from "@/app/[locale]/(console)/fine-tuning/console-actions";
import { ApiRequestError } from "@/components/datasets/api";
import type { ActionResult } from "@/lib/actions/result";
import type { JobSummary } from "@/lib/finetune/console-reads";

/** Milliseconds between refreshes of the job list while a job is queued or running. */
const POLL_MS = 2_000;

export const finetuneConsoleKeys = {
  all: ["finetune-console"] as const,
  jobs: () => ["finetune-console", "jobs"] as const,
  modelVersions: () => ["finetune-console", "model-versions"] as const,
  launchOptions: () => ["finetune-console", "launch-options"] as const,
};

/**
 * Returns a server action's data, or throws its failure as an ApiRequestError, so the console's error
 * messages (`useApiErrorMessage`) translate action and API failures alike.
 */
export async function unwrapAction<T>(pending: Promise<ActionResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.data;
  throw new ApiRequestError({ status: 0, code: result.error.code, message: `The console read failed with ${result.error.code}`, fields: result.error.fieldErrors });
}

export const isActiveJob = (job: Pick<JobSummary, "status">) => job.status === "queued" || job.status === "running";

/** Loads the job list, newest first, and refreshes it while any loaded job is queued or running. */
export function useJobSummaries() {
  return useInfiniteQuery({
    queryKey: finetuneConsoleKeys.jobs(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrapAction(readJobSummaries({ before: pageParam })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.jobs.some(isActiveJob)) ? POLL_MS : false),
  });
}

/** Loads the model versions, newest first; `live` refreshes them while jobs are still running and may register new ones. */
export function useModelVersionSummaries(live: boolean) {
  return useInfiniteQuery({
    queryKey: finetuneConsoleKeys.modelVersions(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrapAction(readModelVersionSummaries({ before: pageParam })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: live ? POLL_MS * 2 : false,
  });
}
