"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, Button, Card, CardBody, CardFooter, CardHeader } from "@/components/ui";
import { useApiErrorMessage } from "../api";
import type { DatasetView, ImportView } from "../types";
import { changedSettings, initialSettings, parseTokenLimit, type ImportSettings } from "./import-settings";
import { ImportPreview } from "./ImportPreview";
import { ImportSettingsForm } from "./ImportSettingsForm";
import { ImportSummary } from "./ImportSummary";
import { IssueList } from "./IssueList";
import { useImportMutation } from "./use-import";

/**
 * Renders the review step of an analysed import: settings (format, type, mapping, row handling), the summary,
 * a preview and the issues with in-place fixes. "Apply changes" analyses again; "Import N rows" commits.
 */
export function ImportReview({ datasetImport, dataset, canWrite }: { datasetImport: ImportView; dataset: DatasetView | undefined; canWrite: boolean }) {
  const t = useTranslations("datasets.review");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const mutate = useImportMutation(datasetImport.id);
  const [initial] = useState(() => initialSettings(datasetImport));
  const [settings, setSettings] = useState<ImportSettings>(initial);
  const [mappingEdited, setMappingEdited] = useState(false);
  const [issueCode, setIssueCode] = useState("");
  const [pending, setPending] = useState<"apply" | "commit" | "cancel" | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const changes = changedSettings(initial, settings, mappingEdited);
  const dirty = Object.keys(changes).length > 0;
  const tokenLimitValid = parseTokenLimit(settings.tokenLimit) !== undefined;
  const blockedByInvalid = datasetImport.rowsInvalid > 0 && !datasetImport.skipInvalid;
  const canCommit = !dirty && !blockedByInvalid && datasetImport.rowsValid > 0;

  async function run(action: "apply" | "commit" | "cancel") {
    setPending(action);
    setFailure(null);
    try {
      if (action === "apply") await mutate("PATCH", `/dataset-imports/${datasetImport.id}`, changes);
      if (action === "commit") await mutate("POST", `/dataset-imports/${datasetImport.id}/commit`);
      if (action === "cancel") await mutate("POST", `/dataset-imports/${datasetImport.id}/cancel`);
    } catch (error) {
      setFailure(error);
      setPending(null);
    }
  }

  const commitHint = dirty
    ? t("applyFirst")
    : blockedByInvalid
      ? t("invalidBlock", { count: datasetImport.rowsInvalid, formatted: format.number(datasetImport.rowsInvalid) })
      : datasetImport.rowsValid === 0
        ? t("noValidRows")
        : datasetImport.mode === "append" && dataset?.latestVersion
          ? t("appendResult", { number: dataset.latestVersion.number ?? 0 })
          : t("replaceResult");

  return (
    <div className="space-y-6">
      <ImportSummary
        datasetImport={datasetImport}
        onPickCode={(code) => {
          setIssueCode(code);
          document.getElementById("import-issues")?.scrollIntoView({ behavior: "smooth", block: "start" });
        }}
      />

      <Card>
        <CardHeader title={t("title")} description={datasetImport.file ? t("file", { filename: datasetImport.file.filename }) : undefined} />
        <CardBody>
          <ImportSettingsForm
            datasetImport={datasetImport}
            settings={settings}
            hasVersion={Boolean(dataset?.latestVersion)}
            datasetType={dataset?.type ?? null}
            disabled={!canWrite || pending !== null}
            onChange={(next, options) => {
              setSettings(next);
              if (options?.mappingEdited !== undefined) setMappingEdited(options.mappingEdited);
            }}
          />
        </CardBody>
        {canWrite && (
          <CardFooter className="flex-wrap justify-between">
            <p className="text-sm text-muted" aria-live="polite">
              {commitHint}
            </p>
            <div className="flex flex-wrap gap-2">
              <Button variant="ghost" onClick={() => void run("cancel")} loading={pending === "cancel"} disabled={pending !== null}>
                {t("cancelImport")}
              </Button>
              <Button variant="secondary" onClick={() => void run("apply")} loading={pending === "apply"} disabled={!dirty || !tokenLimitValid || pending !== null}>
                {t("apply")}
              </Button>
              <Button onClick={() => void run("commit")} loading={pending === "commit"} disabled={!canCommit || pending !== null}>
                {t("commit", { count: datasetImport.rowsValid, formatted: format.number(datasetImport.rowsValid) })}
              </Button>
            </div>
          </CardFooter>
        )}
        {failure !== null && (
          <CardBody className="pt-0">
            <Alert tone="error">{errorMessage(failure)}</Alert>
          </CardBody>
        )}
      </Card>

      <ImportPreview datasetImport={datasetImport} />

      <div id="import-issues" className="scroll-mt-4">
        {datasetImport.rowsInvalid > 0 ? (
          <IssueList key={issueCode} datasetImport={datasetImport} canWrite={canWrite} code={issueCode} onCodeChange={setIssueCode} />
        ) : (
          <Alert tone="success">{t("noIssues")}</Alert>
        )}
      </div>
    </div>
  );
}
