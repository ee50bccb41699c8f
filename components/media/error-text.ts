"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";

type Params = Record<string, string | number>;

/**
 * Returns a function that translates a media API failure: `media.reasons.<reason>` for reasons of the
 * media API, else the console's general error text.
 */
export function useMediaErrorMessage() {
  const t = useTranslations("media.reasons");
  const generic = useApiErrorMessage();

  const reasonText = useCallback(
    (reason: string | null | undefined, params: Params | undefined, fallback: string) => {
      const key = reason?.startsWith("media.") ? reason.slice("media.".length) : null;
      if (key && t.has(key)) return t(key, normalize(params));
      return fallback;
    },
    [t],
  );

  const errorText = useCallback(
    (error: unknown) => {
      if (isApiRequestError(error)) return reasonText(error.reason, error.params, generic(error));
      return generic(error);
    },
    [generic, reasonText],
  );

  return { errorText, reasonText };
}

function normalize(params: Params | undefined): Params {
  const result: Params = {};
  for (const [key, value] of Object.entries(params ?? {})) result[key] = typeof value === "number" ? value : String(value);
  return result;
}
