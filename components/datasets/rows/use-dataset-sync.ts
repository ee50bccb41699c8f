"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { useRefreshDataset, useVersions } from "@/components/datasets/queries";
import type { VersionOption } from "./types";

const versionKey = (versions: { id: string; status: string }[]) =>
  versions
    .filter((version) => version.status === "ready" || version.status === "draft")
    .map((version) => `${version.id}:${version.status}`)
    .sort()
    .join(",");

/**
 * Renders the server page again when the dataset's version list changes in the browser, e.g. after the
 * header saved or discarded the draft, because these pages get their versions from the server. Each
 * differing list triggers one refresh at most, so a lasting difference cannot loop.
 */
export function useServerVersionSync(datasetId: string, serverVersions: VersionOption[]): void {
  const router = useRouter();
  const { data } = useVersions(datasetId);
  const refreshedFor = useRef<string | null>(null);
  const serverKey = versionKey(serverVersions);

  useEffect(() => {
    if (!data) return;
    const clientKey = versionKey(data);
    if (clientKey === serverKey || refreshedFor.current === clientKey) return;
    refreshedFor.current = clientKey;
    router.refresh();
  }, [data, serverKey, router]);
}

/**
 * Returns a function that refetches the dataset header and version list after row edits. Calls within
 * `intervalMs` of the last refetch are merged into one refetch at the end of the interval.
 */
export function useThrottledDatasetRefresh(datasetId: string, intervalMs = 5_000): () => void {
  const refresh = useRefreshDataset(datasetId);
  const refreshRef = useRef(refresh);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRunRef = useRef(0);

  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => () => {
    if (timerRef.current) clearTimeout(timerRef.current);
  }, []);

  return useCallback(() => {
    if (timerRef.current) return;
    const wait = Math.max(0, lastRunRef.current + intervalMs - Date.now());
    timerRef.current = setTimeout(() => {
      timerRef.current = null;
      lastRunRef.current = Date.now();
      refreshRef.current();
    }, wait);
  }, [intervalMs]);
}
