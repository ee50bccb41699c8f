"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Square } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button } from "@/components/ui";
import { jobKeys } from "./queries";
import type { FineTuneJobView } from "./types";

/** Cancels a queued or running job after a confirmation; the job row shows the result on the next poll. */
export function CancelJobButton({ job }: { job: FineTuneJobView }) {
  const t = useTranslations("fineTuningJob.cancel");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function cancel() {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<FineTuneJobView>>("POST", `/fine-tuning/jobs/${encodeURIComponent(job.id)}/cancel`);
      queryClient.setQueryData(jobKeys.job(job.id), data);
      setOpen(false);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  if (job.cancelRequestedAt !== null) return <p className="text-sm text-muted">{t("requested")}</p>;

  return (
    <>
      <Button variant="danger" icon={<Square className="size-4" aria-hidden />} onClick={() => setOpen(true)}>
        {t("button")}
      </Button>
      <ConfirmDialog
        open={open}
        title={t("title", { name: job.name })}
        description={t("body")}
        confirmLabel={t("confirm")}
        cancelLabel={t("keep")}
        closeLabel={tCommon("close")}
        destructive
        pending={pending}
        onConfirm={() => void cancel()}
        onClose={() => {
          setOpen(false);
          setFailure(null);
        }}
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </ConfirmDialog>
    </>
  );
}
