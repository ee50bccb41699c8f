"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet, type ApiItem, type ApiList } from "@/components/datasets/api";
import type { AllowRuleView, ProviderModelView, ProviderView } from "./types";

/** React-query keys of the provider pages; everything of one provider sits under `["providers", id]`. */
export const providerKeys = {
  all: ["providers"] as const,
  list: () => ["providers", "list"] as const,
  provider: (providerId: string) => ["providers", providerId] as const,
  detail: (providerId: string) => ["providers", providerId, "detail"] as const,
  models: (providerId: string) => ["providers", providerId, "models"] as const,
  remoteModels: (providerId: string) => ["providers", providerId, "remote-models"] as const,
  allowRules: () => ["network-allow-rules"] as const,
};

export function useProviders() {
  return useQuery({
    queryKey: providerKeys.list(),
    queryFn: ({ signal }) => apiGet<ApiList<ProviderView>>("/providers", signal).then((body) => body.data),
  });
}

export function useProvider(providerId: string) {
  return useQuery({
    queryKey: providerKeys.detail(providerId),
    queryFn: ({ signal }) => apiGet<ApiItem<ProviderView>>(`/providers/${encodeURIComponent(providerId)}`, signal).then((body) => body.data),
  });
}

export function useProviderModels(providerId: string) {
  return useQuery({
    queryKey: providerKeys.models(providerId),
    queryFn: ({ signal }) => apiGet<ApiList<ProviderModelView>>(`/providers/${encodeURIComponent(providerId)}/models`, signal).then((body) => body.data),
  });
}

export function useAllowRules() {
  return useQuery({
    queryKey: providerKeys.allowRules(),
    queryFn: ({ signal }) => apiGet<ApiList<AllowRuleView>>("/network-allow-rules", signal).then((body) => body.data),
  });
}
