"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiGet, apiUrl, type ApiItem, type ApiList } from "@/components/datasets/api";
import type { MediaDetail, MediaFilters, MediaSummary } from "./types";

/** Files per gallery page. */
export const PAGE_SIZE = 48;

/** React-query keys of the media pages; invalidating `mediaKeys.all` refreshes the gallery and every detail view. */
export const mediaKeys = {
  all: ["media"] as const,
  list: (filters: MediaFilters) => ["media", "list", filters] as const,
  detail: (id: string) => ["media", "detail", id] as const,
  tags: () => ["media", "tags"] as const,
};

type MediaPage = ApiList<MediaSummary> & { nextCursor: string | null };

/** Converts a date input's yyyy-mm-dd to the start or the end of that day in the browser's time zone. */
function dayBoundary(day: string | undefined, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) {
    date.setDate(date.getDate() + 1);
    date.setMilliseconds(-1);
  }
  return date.toISOString();
}

/** Pages of the gallery, newest first. Polls while a file on screen is still processing or waiting for OCR. */
export function useMediaPages(filters: MediaFilters) {
  return useInfiniteQuery({
    queryKey: mediaKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<MediaPage>(
        apiUrl("/media", {
          kind: filters.kind,
          tag: filters.tag,
          from: dayBoundary(filters.from, false),
          to: dayBoundary(filters.to, true),
          hasText: filters.hasText,
          inDataset: filters.inDataset,
          q: filters.q,
          limit: PAGE_SIZE,
          cursor: pageParam ?? undefined,
        }),
        signal,
      ),
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: (query) => {
      const busy = query.state.data?.pages.some((page) => page.data.some(isBusy));
      return busy ? 2000 : false;
    },
  });
}

export function isBusy(asset: Pick<MediaSummary, "status" | "ocrStatus"> & { transcriptStatus?: string }): boolean {
  const transcribing = asset.transcriptStatus === "queued" || asset.transcriptStatus === "running";
  return asset.status === "processing" || asset.ocrStatus === "queued" || asset.ocrStatus === "running" || transcribing;
}

export function useMediaDetail(id: string) {
  return useQuery({
    queryKey: mediaKeys.detail(id),
    queryFn: ({ signal }) => apiGet<ApiItem<MediaDetail>>(`/media/${encodeURIComponent(id)}`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data && isBusy(query.state.data) ? 2000 : false),
  });
}

export function useMediaTags() {
  return useQuery({
    queryKey: mediaKeys.tags(),
    queryFn: ({ signal }) => apiGet<ApiList<{ tag: string; count: number }>>("/media/tags", signal).then((body) => body.data),
  });
}
