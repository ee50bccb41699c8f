"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { classifyRowError } from "../row-error";
import type { SampleView } from "../types";

type SampleError = NonNullable<SampleView["error"]>;

/**
 * Translates a failed call: its API reason when known, else the LLM failure kind (errors.reasons.llm.<kind>),
 * else a generic "call failed". Callers show the stored English message only as a smaller detail line.
 */
export function useCallErrorText() {
  const tErrors = useTranslations("errors");
  const t = useTranslations("experiments.sampleErrors");

  return useCallback(
    (error: Pick<SampleError, "kind" | "httpStatus" | "reason" | "params">) => {
      const params = Object.fromEntries(Object.entries(error.params ?? {}).map(([key, value]) => [key, typeof value === "number" ? value : String(value)]));
      if (error.reason && tErrors.has(`reasons.${error.reason}`)) return tErrors(`reasons.${error.reason}`, params);
      // The upstream_status text names the HTTP status, so it needs one.
      const hasStatus = error.kind !== "upstream_status" || error.httpStatus !== undefined;
      if (hasStatus && tErrors.has(`reasons.llm.${error.kind}`)) return tErrors(`reasons.llm.${error.kind}`, { status: error.httpStatus ?? 0 });
      if (error.kind === "model_unavailable" || error.kind === "prompt_invalid") return t(error.kind);
      return t("call_failed");
    },
    [t, tErrors],
  );
}

/** Translates the error stored on a result row, from its failed sample when loaded, else from the message. */
export function useRowErrorText() {
  const callErrorText = useCallErrorText();

  return useCallback(
    (message: string, sampleError?: SampleError) => {
      if (sampleError) return callErrorText(sampleError);
      return callErrorText(classifyRowError(message) ?? { kind: "unknown" });
    },
    [callErrorText],
  );
}
