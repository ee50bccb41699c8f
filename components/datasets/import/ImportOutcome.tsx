"use client";

import { CheckCircle2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, buttonClasses, Card, CardBody, CardHeader, FormField, Select } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { SOURCE_FORMATS } from "@/lib/datasets/model";
import { useApiErrorMessage } from "../api";
import type { ImportView } from "../types";
import { ENCODINGS } from "./import-settings";
import { useFileErrorMessage } from "./issue-messages";
import { useImportMutation } from "./use-import";

/** Renders a finished import with a link to the version it created. */
export function ImportCompleted({ datasetImport, datasetId }: { datasetImport: ImportView; datasetId: string }) {
  const t = useTranslations("datasets.outcome");
  const format = useFormatter();

  return (
    <Card>
      <CardBody className="flex flex-col items-center gap-3 py-10 text-center">
        <CheckCircle2 className="size-10 text-emerald-600" aria-hidden />
        <h2 className="text-base font-semibold">{t("completedTitle")}</h2>
        <p className="max-w-lg text-sm text-muted">
          {t("completedBody", { rows: format.number(datasetImport.rowsValid), skipped: format.number(datasetImport.rowsInvalid), invalid: datasetImport.rowsInvalid })}
        </p>
        <div className="flex flex-wrap justify-center gap-2">
          {datasetImport.versionId && (
            <Link href={`/datasets/${datasetId}?v=${datasetImport.versionId}`} className={buttonClasses("primary")}>
              {t("openVersion")}
            </Link>
          )}
          <Link href={`/datasets/${datasetId}/rows${datasetImport.versionId ? `?v=${datasetImport.versionId}` : ""}`} className={buttonClasses("secondary")}>
            {t("browseRows")}
          </Link>
        </div>
      </CardBody>
    </Card>
  );
}

/**
 * Renders a failed import: the translated reason with what to do, and for users who may write, the file
 * settings to change before analysing the same upload again.
 */
export function ImportFailed({ datasetImport, datasetId, canWrite }: { datasetImport: ImportView; datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets.outcome");
  const tReview = useTranslations("datasets.review");
  const fileErrorMessage = useFileErrorMessage();
  const errorMessage = useApiErrorMessage();
  const mutate = useImportMutation(datasetImport.id);
  const id = useId();
  const info = datasetImport.report?.info;
  const [formatValue, setFormatValue] = useState(datasetImport.format ?? info?.format ?? "");
  const [encoding, setEncoding] = useState(datasetImport.encoding ?? info?.encoding ?? "");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function retry() {
    setPending(true);
    setFailure(null);
    const body: Record<string, string> = {};
    if (formatValue) body.format = formatValue;
    if (encoding && formatValue !== "xlsx") body.encoding = encoding;
    try {
      // The API needs at least one setting; without a format or encoding, resending skipInvalid repeats the analysis as it was.
      await mutate("PATCH", `/dataset-imports/${datasetImport.id}`, Object.keys(body).length > 0 ? body : { skipInvalid: datasetImport.skipInvalid });
    } catch (error) {
      setFailure(error);
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader title={t("failedTitle")} />
      <CardBody className="space-y-4">
        <Alert tone="error">{fileErrorMessage(datasetImport.report?.failure)}</Alert>
        {canWrite && (
          <>
            <p className="text-sm text-muted">{t("failedRetryHint")}</p>
            <div className="flex flex-wrap items-end gap-3">
              <FormField id={`${id}-format`} label={tReview("format")}>
                <Select
                  value={formatValue}
                  placeholder={tReview("automatic")}
                  onChange={(event) => setFormatValue(event.target.value)}
                  options={SOURCE_FORMATS.map((value) => ({ value, label: tReview(`formats.${value}`) }))}
                />
              </FormField>
              {formatValue !== "xlsx" && (
                <FormField id={`${id}-encoding`} label={tReview("encoding")}>
                  <Select
                    value={encoding}
                    placeholder={tReview("automatic")}
                    onChange={(event) => setEncoding(event.target.value)}
                    options={ENCODINGS.map((value) => ({ value, label: tReview(`encodings.${value}`) }))}
                  />
                </FormField>
              )}
              <Button variant="secondary" loading={pending} onClick={() => void retry()}>
                {t("analyseAgain")}
              </Button>
              <Link href={`/datasets/${datasetId}/import`} className={buttonClasses("ghost")}>
                {t("uploadAnother")}
              </Link>
            </div>
            {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
          </>
        )}
      </CardBody>
    </Card>
  );
}

/** Renders a cancelled import, which wrote nothing, with a link to upload again. */
export function ImportCancelled({ datasetId, canWrite }: { datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets.outcome");
  return (
    <Card>
      <CardBody className="space-y-3 py-8 text-center">
        <h2 className="text-base font-semibold">{t("cancelledTitle")}</h2>
        <p className="text-sm text-muted">{t("cancelledBody")}</p>
        {canWrite && (
          <Link href={`/datasets/${datasetId}/import`} className={buttonClasses("secondary")}>
            {t("uploadAnother")}
          </Link>
        )}
      </CardBody>
    </Card>
  );
}
