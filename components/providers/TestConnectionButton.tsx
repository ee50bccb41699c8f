"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlugZap } from "lucide-react";
import { useTranslations } from "next-intl";
import { apiSend, type ApiItem } from "@/components/datasets/api";
import { Button } from "@/components/ui";
import { providerKeys } from "./queries";
import type { ConnectionTestView } from "./types";

/**
 * Runs a connection test and hands its result to `onResult`. The server bounds a test at 15 s, so the
 * button never spins longer than that.
 */
export function TestConnectionButton({
  providerId,
  onResult,
  onError,
  size = "md",
}: {
  providerId: string;
  onResult: (result: ConnectionTestView) => void;
  onError: (error: unknown) => void;
  size?: "sm" | "md";
}) {
  const t = useTranslations("providers.test");
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiSend<ApiItem<ConnectionTestView>>("POST", `/providers/${encodeURIComponent(providerId)}/test`).then((body) => body.data),
    onSuccess: async (result) => {
      onResult(result);
      await queryClient.invalidateQueries({ queryKey: providerKeys.all });
    },
    onError,
  });

  return (
    <Button variant="secondary" size={size} icon={<PlugZap className="size-4" aria-hidden />} loading={mutation.isPending} onClick={() => mutation.mutate()}>
      {mutation.isPending ? t("running") : t("button")}
    </Button>
  );
}
