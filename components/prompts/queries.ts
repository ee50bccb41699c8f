"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet, apiUrl, type ApiItem, type ApiList } from "@/components/datasets/api";
import type { FewShotSetSummary, FewShotSetView, LabelView, TemplateView, VersionSummary, VersionView } from "./types";

/**
 * React-query keys of the prompt pages. Everything of one template sits under `["prompts", name]`, so
 * invalidating `promptKeys.template(name)` after a new version or a label move refreshes every panel.
 */
export const promptKeys = {
  all: ["prompts"] as const,
  list: () => ["prompts", "list"] as const,
  template: (name: string) => ["prompts", name] as const,
  detail: (name: string) => ["prompts", name, "detail"] as const,
  versions: (name: string) => ["prompts", name, "versions"] as const,
  version: (name: string, number: number) => ["prompts", name, "version", number] as const,
  labels: (name: string) => ["prompts", name, "labels"] as const,
  diff: (name: string, from: number, to: number) => ["prompts", name, "diff", from, to] as const,
  fewShotSets: () => ["few-shot-sets"] as const,
  fewShotSet: (setId: string) => ["few-shot-sets", setId] as const,
};

const templatePath = (name: string) => `/prompts/${encodeURIComponent(name)}`;

export function useTemplate(name: string) {
  return useQuery({
    queryKey: promptKeys.detail(name),
    queryFn: ({ signal }) => apiGet<ApiItem<TemplateView>>(templatePath(name), signal).then((body) => body.data),
  });
}

export function useVersions(name: string) {
  return useQuery({
    queryKey: promptKeys.versions(name),
    queryFn: ({ signal }) => apiGet<ApiList<VersionSummary>>(`${templatePath(name)}/versions`, signal).then((body) => body.data),
  });
}

/** One version with its full spec; disabled while `number` is null. */
export function useVersion(name: string, number: number | null) {
  return useQuery({
    queryKey: promptKeys.version(name, number ?? 0),
    enabled: number !== null,
    queryFn: ({ signal }) => apiGet<ApiItem<VersionView>>(`${templatePath(name)}/versions/${number}`, signal).then((body) => body.data),
  });
}

export function useLabels(name: string) {
  return useQuery({
    queryKey: promptKeys.labels(name),
    queryFn: ({ signal }) => apiGet<ApiList<LabelView>>(`${templatePath(name)}/labels`, signal).then((body) => body.data),
  });
}

export function useFewShotSets() {
  return useQuery({
    queryKey: promptKeys.fewShotSets(),
    queryFn: ({ signal }) => apiGet<ApiList<FewShotSetSummary>>("/few-shot-sets", signal).then((body) => body.data),
  });
}

export function useFewShotSet(setId: string) {
  return useQuery({
    queryKey: promptKeys.fewShotSet(setId),
    queryFn: ({ signal }) => apiGet<ApiItem<FewShotSetView>>(`/few-shot-sets/${encodeURIComponent(setId)}`, signal).then((body) => body.data),
  });
}

export { apiUrl, templatePath };
