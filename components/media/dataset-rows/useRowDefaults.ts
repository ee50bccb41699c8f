"use client";

import { useQueries } from "@tanstack/react-query";
import { apiGet, type ApiItem } from "@/components/datasets/api";
import { mediaKeys } from "../queries";
import type { MediaDetail } from "../types";

/**
 * Loads each image's detail and returns its default answer: the caption, else the OCR text, else "".
 * `loading` stays true until every detail arrived, so defaults are not filled in half-way.
 */
export function useRowDefaults(assetIds: string[]): { loading: boolean; answers: Record<string, string> } {
  const results = useQueries({
    queries: assetIds.map((id) => ({
      queryKey: mediaKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<ApiItem<MediaDetail>>(`/media/${encodeURIComponent(id)}`, signal).then((body) => body.data),
    })),
  });

  const answers: Record<string, string> = {};
  for (const result of results) {
    if (result.data) answers[result.data.id] = result.data.caption?.trim() || result.data.ocrText?.trim() || "";
  }
  return { loading: results.some((result) => result.isPending), answers };
}
