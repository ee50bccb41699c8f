"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiSend, type ApiItem } from "@/components/datasets/api";
import { useDebouncedValue } from "@/components/datasets/rows/use-debounced-value";
import type { PlanBody } from "./form-state";
import type { PlanView } from "./types";

/** Pause after the last edit before the form requests a new plan, because each plan starts a trainer process. */
const PLAN_DEBOUNCE_MS = 800;

/**
 * Plans the job the form describes: its trainable parameters and memory estimate, or the reason the API
 * rejects it. `body` is null while the form has its own issues, and then no plan is requested.
 *
 * A plan runs the trainer for several seconds, and the server finishes a plan even when the browser stops
 * waiting. So the form sends one plan at a time: edits made meanwhile are planned, latest only, when it
 * returns. Each distinct body is planned once and cached, so going back to an earlier setting is instant.
 */
export function usePlan(body: PlanBody | null) {
  const latest = useDebouncedValue(body ? JSON.stringify(body) : null, PLAN_DEBOUNCE_MS);
  const [requested, setRequested] = useState<string | null>(null);

  const query = useQuery({
    queryKey: ["finetune-console", "plan", requested],
    enabled: requested !== null,
    queryFn: () => apiSend<ApiItem<PlanView>>("POST", "/fine-tuning/plan", JSON.parse(requested ?? "null")).then((response) => response.data),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });

  useEffect(() => {
    if (!query.isFetching && latest !== requested) setRequested(latest);
  }, [latest, requested, query.isFetching]);

  const current = body !== null && requested === JSON.stringify(body) && !query.isPlaceholderData;
  return { ...query, current, settling: body !== null && !current };
}
