"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiGet, apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Card, CardBody } from "@/components/ui";

type Policy = { rawText: boolean };

const policyKey = ["media", "policy"] as const;

/** Renders the raw-text switch. Each change is one PUT /media/policy, which the API audits. */
export function MediaTextPolicyForm() {
  const t = useTranslations("mediaAudio.policy");
  const tCommon = useTranslations("common");
  const id = useId();
  const queryClient = useQueryClient();
  const errorText = useApiErrorMessage();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const { data, error, isPending } = useQuery({
    queryKey: policyKey,
    queryFn: ({ signal }) => apiGet<ApiItem<Policy>>("/media/policy", signal).then((body) => body.data),
  });

  async function change(rawText: boolean) {
    setSaving(true);
    setSaved(false);
    setFailure(null);
    try {
      const result = await apiSend<ApiItem<Policy>>("PUT", "/media/policy", { rawText });
      queryClient.setQueryData(policyKey, result.data);
      setSaved(true);
    } catch (caught) {
      setFailure(caught);
    } finally {
      setSaving(false);
    }
  }

  if (isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (error || !data) return <Alert tone="error">{errorText(error)}</Alert>;

  return (
    <Card>
      <CardBody className="space-y-3">
        <div className="flex items-start gap-3">
          <input
            id={`${id}-raw`}
            type="checkbox"
            role="switch"
            className="mt-1 size-4"
            checked={data.rawText}
            disabled={saving}
            aria-describedby={`${id}-hint`}
            onChange={(event) => void change(event.target.checked)}
          />
          <div>
            <label htmlFor={`${id}-raw`} className="font-medium">
              {t("rawText")}
            </label>
            <p id={`${id}-hint`} className="text-sm text-muted">
              {t("rawTextHint")}
            </p>
          </div>
        </div>
        {saved && <p className="text-sm text-muted" role="status">{t("saved")}</p>}
        {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
      </CardBody>
    </Card>
  );
}
