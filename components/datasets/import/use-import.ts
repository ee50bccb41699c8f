"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { apiGet, apiSend, type ApiItem } from "../api";
import { datasetKeys } from "../queries";
import type { ImportStatus, ImportView } from "../types";
import { POLL_INTERVAL_MS } from "../use-task";

/** States in which the import changes without the user: the worker is analysing or writing rows. */
export const ACTIVE_IMPORT_STATES: readonly ImportStatus[] = ["queued", "analyzing", "importing"];

export const isImportActive = (status: ImportStatus | undefined) => status !== undefined && ACTIVE_IMPORT_STATES.includes(status);

/** Polls an import every POLL_INTERVAL_MS while a worker owns it; stops in review and in final states. */
export function useImport(importId: string) {
  return useQuery({
    queryKey: datasetKeys.import(importId),
    queryFn: ({ signal }) => apiGet<ApiItem<ImportView>>(`/dataset-imports/${encodeURIComponent(importId)}`, signal).then((body) => body.data),
    refetchInterval: (query) => (isImportActive(query.state.data?.status) ? POLL_INTERVAL_MS : false),
    staleTime: 0,
  });
}

/**
 * Returns a function that sends an import mutation (configure, commit, cancel) and stores the response in
 * the polled query, so polling starts again at once when the import goes back to a worker. The mutation
 * responses omit the uploaded file, so the file of the cached import is kept.
 */
export function useImportMutation(importId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (method: "POST" | "PATCH", path: string, body?: unknown) => {
      const { data } = await apiSend<ApiItem<ImportView>>(method, path, body);
      queryClient.setQueryData<ImportView>(datasetKeys.import(importId), (previous) => ({ ...data, file: data.file ?? previous?.file ?? null }));
      void queryClient.invalidateQueries({ queryKey: datasetKeys.imports(data.datasetId) });
      return data;
    },
    [importId, queryClient],
  );
}
