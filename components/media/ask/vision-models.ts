"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { apiGet, isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";

/** A model the workspace can call with images, as GET /provider-models?capability=vision returns it. */
export type VisionModel = { id: string; name: string; displayName: string; providerName: string };

export function useVisionModels() {
  return useQuery({
    queryKey: ["provider-models", "vision"],
    queryFn: ({ signal }) => apiGet<{ data: VisionModel[] }>("/provider-models?capability=vision", signal).then((body) => body.data),
  });
}

export function modelLabel(model: VisionModel): string {
  return `${model.displayName || model.name} · ${model.providerName}`;
}

/**
 * Returns a function that translates a failure of the question, caption or extraction API:
 * `mediaExtract.reasons.<reason>` for this area's reasons, else the console's general error text.
 */
export function useMediaExtractErrorMessage(): (error: unknown) => string {
  const t = useTranslations("mediaExtract.reasons");
  const generic = useApiErrorMessage();
  return useCallback(
    (error: unknown) => {
      if (isApiRequestError(error) && error.reason?.startsWith("mediaExtract.")) {
        const key = error.reason.slice("mediaExtract.".length);
        const params: Record<string, string | number> = {};
        for (const [name, value] of Object.entries(error.params ?? {})) params[name] = typeof value === "number" ? value : String(value);
        if (t.has(key)) return t(key, params);
      }
      return generic(error);
    },
    [t, generic],
  );
}
