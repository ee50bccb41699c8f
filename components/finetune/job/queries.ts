"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { readJobDatasetVersion } from "@/app/[locale]/(console)/fine-tuning/console-actions";
import { apiGet, apiUrl, type ApiItem, type ApiList } from "@/components/datasets/api";
import { unwrapAction } from "@/components/finetune/list/queries";
import { applyEvents, emptyTimeline, type JobTimeline } from "./job-timeline";
import { isActiveStatus, type ArtifactView, type FineTuneJobView, type JobEventView } from "./types";

/** Milliseconds between polls of an active job; the worker writes its events about once a second. */
export const POLL_MS = 1_500;
/** Milliseconds between artifact list polls; artifacts appear only at checkpoints and at the end. */
const ARTIFACT_POLL_MS = 5_000;
/** Events per request; a page this full means more are waiting, so the next one is fetched at once. */
const EVENT_PAGE_SIZE = 1_000;

export const jobKeys = {
  job: (jobId: string) => ["fine-tuning-jobs", jobId] as const,
  artifacts: (jobId: string, status: string, stage: string) => ["fine-tuning-jobs", jobId, "artifacts", status, stage] as const,
  datasetVersion: (jobId: string) => ["fine-tuning-jobs", jobId, "dataset-version"] as const,
};

const jobPath = (jobId: string) => `/fine-tuning/jobs/${encodeURIComponent(jobId)}`;

/** Fetches the job row, polling while it is queued or running and stopping once it finished. */
export function useJob(jobId: string) {
  return useQuery({
    queryKey: jobKeys.job(jobId),
    queryFn: ({ signal }) => apiGet<ApiItem<FineTuneJobView>>(jobPath(jobId), signal).then((body) => body.data),
    refetchInterval: (query) => (isActiveStatus(query.state.data?.status) ? POLL_MS : false),
  });
}

/** Fetches the name and number of the dataset version the job trains on; it never changes, so it is read once. */
export function useJobDatasetVersion(jobId: string) {
  return useQuery({
    queryKey: jobKeys.datasetVersion(jobId),
    queryFn: () => unwrapAction(readJobDatasetVersion({ jobId })),
    staleTime: Infinity,
  });
}

/** Fetches the job's artifacts. The key includes status and stage, so each stage change and the end fetch the list again. */
export function useArtifacts(job: FineTuneJobView) {
  return useQuery({
    queryKey: jobKeys.artifacts(job.id, job.status, job.stage),
    queryFn: ({ signal }) => apiGet<ApiList<ArtifactView>>(`${jobPath(job.id)}/artifacts`, signal).then((body) => body.data),
    refetchInterval: isActiveStatus(job.status) ? ARTIFACT_POLL_MS : false,
  });
}

/**
 * Follows the job's events with `after=<seq>` polling and folds them into a timeline. It polls every
 * POLL_MS while `active`, and when `active` turns false it fetches once more, so the events written just
 * before the job finished still arrive, and then stops. `active` undefined (job not loaded) fetches nothing.
 * NOTE: the page reads every event from seq 0 to draw the full curves, so a job with tens of thousands of
 * logged steps takes several requests to load; a server-side downsampled series would avoid that.
 */
export function useJobTimeline(jobId: string, active: boolean | undefined): { timeline: JobTimeline; error: unknown } {
  const [timeline, setTimeline] = useState(emptyTimeline);
  const [error, setError] = useState<unknown>(null);
  const lastSeq = useRef("0");

  useEffect(() => {
    if (active === undefined) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function fetchNewEvents() {
      for (;;) {
        const url = apiUrl(`${jobPath(jobId)}/events`, { after: lastSeq.current, limit: EVENT_PAGE_SIZE });
        const page = await apiGet<ApiList<JobEventView>>(url, controller.signal);
        if (page.data.length > 0) {
          lastSeq.current = page.data.at(-1)!.seq;
          setTimeline((current) => applyEvents(current, page.data));
        }
        if (page.data.length < EVENT_PAGE_SIZE) return;
      }
    }

    async function poll() {
      try {
        await fetchNewEvents();
        setError(null);
      } catch (failure) {
        if (controller.signal.aborted) return;
        setError(failure);
      }
      if (active && !controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
    }

    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId, active]);

  return { timeline, error };
}
