"use client";

import { useQuery } from "@tanstack/react-query";
import { readLaunchOptions } from "@/app/[locale]/(console)/fine-tuning/console-actions";
import { apiGet, type ApiList } from "@/components/datasets/api";
import { finetuneConsoleKeys, unwrapAction } from "../list/queries";
import type { BaseModelOption } from "./types";

/** Registered base models from the management API, newest first. */
export function useBaseModels() {
  return useQuery({
    queryKey: [...finetuneConsoleKeys.all, "base-models"],
    queryFn: ({ signal }) => apiGet<ApiList<BaseModelOption>>("/base-models", signal).then((body) => body.data),
  });
}

/** Ready dataset versions with type and split counts, and whether a worker has a CUDA GPU. */
export function useLaunchOptions() {
  return useQuery({ queryKey: finetuneConsoleKeys.launchOptions(), queryFn: () => unwrapAction(readLaunchOptions()) });
}
