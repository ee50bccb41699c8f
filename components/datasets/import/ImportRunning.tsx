"use client";

import { X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, Button, Card, CardBody, CardHeader } from "@/components/ui";
import { useApiErrorMessage } from "../api";
import { useFormatBytes } from "../format";
import { ProgressBar } from "../ProgressBar";
import { toNumber, type ImportView } from "../types";
import { useImportMutation } from "./use-import";

const PHASES = ["queued", "analyzing", "importing"] as const;

/** Renders the progress of an import that a worker owns (queued, analysing or writing rows) with a Cancel button. */
export function ImportRunning({ datasetImport, canWrite }: { datasetImport: ImportView; canWrite: boolean }) {
  const t = useTranslations("datasets.importRun");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const errorMessage = useApiErrorMessage();
  const mutate = useImportMutation(datasetImport.id);
  const [failure, setFailure] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);

  const total = toNumber(datasetImport.bytesTotal);
  const done = Math.min(toNumber(datasetImport.bytesDone), total);
  const fraction = datasetImport.status === "queued" || total === 0 ? null : done / total;
  const phase = PHASES.find((candidate) => candidate === datasetImport.status) ?? "queued";

  async function cancel() {
    setCancelling(true);
    setFailure(null);
    try {
      await mutate("POST", `/dataset-imports/${datasetImport.id}/cancel`);
    } catch (error) {
      setFailure(error);
      setCancelling(false);
    }
  }

  return (
    <Card>
      <CardHeader title={t(`${phase}.title`)} description={t(`${phase}.description`)} />
      <CardBody className="space-y-4" aria-live="polite">
        {datasetImport.file && <p className="text-sm font-medium break-all">{datasetImport.file.filename}</p>}
        <ProgressBar
          value={fraction}
          label={t(`${phase}.title`)}
          detail={
            fraction === null
              ? t("waiting")
              : t("progress", {
                  done: formatBytes(done),
                  total: formatBytes(total),
                  percent: format.number(fraction, { style: "percent" }),
                  rows: format.number(datasetImport.rowsDone),
                })
          }
        />
        {datasetImport.cancelRequested && <p className="text-sm text-muted">{t("cancelRequested")}</p>}
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        {canWrite && !datasetImport.cancelRequested && (
          <Button variant="secondary" size="sm" icon={<X className="size-4" aria-hidden />} loading={cancelling} onClick={() => void cancel()}>
            {t("cancel")}
          </Button>
        )}
      </CardBody>
    </Card>
  );
}
