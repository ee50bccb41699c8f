"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert } from "@/components/ui";
import { ROTATION_GRACE_SECONDS } from "@/lib/gateway/admin/schemas";
import { gatewayKeys } from "./queries";
import type { ApiKeyView, RotatedApiKey } from "./types";

type Props = { apiKey: ApiKeyView; onClose: () => void; onRotated: (rotated: RotatedApiKey) => void };

/** Rotates a key: the admin picks how long the old key keeps working (now, 1 hour or 24 hours). */
export function RotateKeyDialog({ apiKey, onClose, onRotated }: Props) {
  const t = useTranslations("gateway.rotate");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [graceSeconds, setGraceSeconds] = useState<number>(3_600);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function rotate() {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<RotatedApiKey>>("POST", `/api-keys/${encodeURIComponent(apiKey.id)}/rotate`, { graceSeconds });
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.apiKeys });
      onRotated(data);
    } catch (error) {
      setFailure(error);
      setPending(false);
    }
  }

  return (
    <ConfirmDialog
      open
      title={t("title", { name: apiKey.name })}
      description={t("description")}
      confirmLabel={t("confirm")}
      cancelLabel={tCommon("cancel")}
      closeLabel={tCommon("close")}
      pending={pending}
      onConfirm={() => void rotate()}
      onClose={onClose}
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">{t("graceLabel")}</legend>
        {ROTATION_GRACE_SECONDS.map((seconds) => (
          <label key={seconds} className="flex items-center gap-2 text-sm">
            <input type="radio" name="grace" className="size-4 accent-brand-600" checked={graceSeconds === seconds} onChange={() => setGraceSeconds(seconds)} />
            {t(`grace.${seconds}`)}
          </label>
        ))}
      </fieldset>
      {failure !== null && <Alert tone="error" className="mt-3">{errorMessage(failure)}</Alert>}
    </ConfirmDialog>
  );
}
