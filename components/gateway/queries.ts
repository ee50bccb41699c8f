"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet, type ApiItem, type ApiList } from "@/components/datasets/api";
import type { ApiKeyView, DeploymentView, UsableModel } from "./types";

/** React-query keys of the gateway pages. */
export const gatewayKeys = {
  deployments: ["deployments"] as const,
  deploymentList: () => ["deployments", "list"] as const,
  deployment: (deploymentId: string) => ["deployments", deploymentId] as const,
  apiKeys: ["api-keys"] as const,
  usableModels: () => ["provider-models", "usable"] as const,
  promptNames: () => ["prompts", "names"] as const,
};

export function useDeployments() {
  return useQuery({
    queryKey: gatewayKeys.deploymentList(),
    queryFn: ({ signal }) => apiGet<ApiList<DeploymentView>>("/deployments", signal).then((body) => body.data),
  });
}

export function useDeployment(deploymentId: string) {
  return useQuery({
    queryKey: gatewayKeys.deployment(deploymentId),
    queryFn: ({ signal }) => apiGet<ApiItem<DeploymentView>>(`/deployments/${encodeURIComponent(deploymentId)}`, signal).then((body) => body.data),
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: gatewayKeys.apiKeys,
    queryFn: ({ signal }) => apiGet<ApiList<ApiKeyView>>("/api-keys", signal).then((body) => body.data),
  });
}

export function useUsableModels() {
  return useQuery({
    queryKey: gatewayKeys.usableModels(),
    queryFn: ({ signal }) => apiGet<ApiList<UsableModel>>("/provider-models", signal).then((body) => body.data),
  });
}

/** Names of the live prompt templates, for `prompt:<name>` entries of a key's allowed models. */
export function usePromptNames() {
  return useQuery({
    queryKey: gatewayKeys.promptNames(),
    queryFn: ({ signal }) => apiGet<ApiList<{ name: string }>>("/prompts", signal).then((body) => body.data.map((template) => template.name)),
  });
}
