"use client";

import { Eraser } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, buttonClasses, Card, CardBody, CardFooter, FormField, Input } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { apiSend, useApiErrorMessage, type ApiItem } from "../api";
import { NoVersionYet } from "../NoVersionYet";
import { useRefreshDataset } from "../queries";
import { TabHeader } from "../TabHeader";
import { TaskProgress } from "../TaskProgress";
import type { TaskView } from "../types";
import { useSelectedVersion } from "../use-selected-version";
import { VersionPicker } from "../VersionPicker";
import { toCleanConfig, toCleanForm, type CleanConfig, type CleanForm, type CleanPreviewResult } from "./clean-config";
import { CleanConfigForm } from "./CleanConfigForm";
import { CleanPreviewView } from "./CleanPreviewView";

type RunningTask = { id: string; kind: "clean_preview" | "clean"; config: string };

/**
 * Renders the Clean tab: rules for the chosen version, a preview task that lists what would change, and an
 * apply task that writes the cleaned rows as a new version.
 */
export function CleanPanel({ datasetId, canWrite, defaults }: { datasetId: string; canWrite: boolean; defaults: CleanConfig }) {
  const t = useTranslations("datasets.clean");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const refresh = useRefreshDataset(datasetId);
  const messageId = useId();
  const { selected, query } = useSelectedVersion(datasetId);
  const [form, setForm] = useState<CleanForm>(() => toCleanForm(defaults));
  const [message, setMessage] = useState("");
  const [task, setTask] = useState<RunningTask | null>(null);
  const [preview, setPreview] = useState<{ result: CleanPreviewResult; config: string } | null>(null);
  const [applied, setApplied] = useState<TaskView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const validation = toCleanConfig(form);
  const configKey = validation.config ? JSON.stringify(validation.config) : null;
  const running = task !== null;

  if (query.isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (!selected) return <NoVersionYet datasetId={datasetId} canWrite={canWrite} icon={<Eraser className="size-6" />} />;
  const versionId = selected.id;

  async function start(kind: "clean_preview" | "clean") {
    if (!validation.config || !configKey) return;
    setPending(true);
    setFailure(null);
    setApplied(null);
    try {
      const path = `/dataset-versions/${versionId}/${kind === "clean" ? "clean" : "clean-preview"}`;
      const body: Record<string, unknown> = { ...validation.config, ...(kind === "clean" && message.trim() ? { message: message.trim() } : {}) };
      const { data } = await apiSend<ApiItem<TaskView>>("POST", path, body);
      setTask({ id: data.id, kind, config: configKey });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  function onCompleted(done: TaskView) {
    if (!task) return;
    if (task.kind === "clean_preview") setPreview({ result: done.result as CleanPreviewResult, config: task.config });
    else {
      setApplied(done);
      refresh();
    }
    setTask(null);
  }

  const previewIsCurrent = preview !== null && preview.config === configKey;

  return (
    <div className="space-y-6">
      <TabHeader title={t("title")} description={t("description")} actions={<VersionPicker datasetId={datasetId} />} />

      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}

      <Card>
        <CardBody>
          <CleanConfigForm form={form} errors={validation.errors ?? {}} disabled={!canWrite || running} onChange={setForm} />
        </CardBody>
        {canWrite && (
          <CardFooter className="flex-wrap justify-between gap-3">
            <FormField id={messageId} label={t("message")} className="min-w-64 flex-1">
              <Input value={message} maxLength={500} onChange={(event) => setMessage(event.target.value)} placeholder={t("messagePlaceholder")} />
            </FormField>
            <div className="flex flex-wrap items-center gap-2 self-end">
              <Button variant="secondary" onClick={() => void start("clean_preview")} loading={pending && !running} disabled={!validation.config || running}>
                {t("preview")}
              </Button>
              <Button onClick={() => void start("clean")} disabled={!validation.config || running || pending}>
                {t("apply", { number: selected.number ?? 0 })}
              </Button>
            </div>
          </CardFooter>
        )}
      </Card>

      {canWrite && !previewIsCurrent && !running && !applied && <p className="text-sm text-muted">{t("previewFirst")}</p>}
      {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

      {task && (
        <Card>
          <CardBody>
            <TaskProgress taskId={task.id} label={task.kind === "clean" ? t("applying") : t("previewing")} onCompleted={onCompleted} />
          </CardBody>
        </Card>
      )}

      {applied && (
        <Alert tone="success" title={t("appliedTitle", { number: (applied.result as { versionNumber?: number } | null)?.versionNumber ?? 0 })}>
          {applied.resultVersionId && (
            <div className="mt-2 flex flex-wrap gap-2">
              <Link href={`/datasets/${datasetId}?v=${applied.resultVersionId}`} className={buttonClasses("secondary", "sm")}>
                {t("openVersion")}
              </Link>
              <Link href={`/datasets/${datasetId}/rows?v=${applied.resultVersionId}`} className={buttonClasses("ghost", "sm")}>
                {t("browseRows")}
              </Link>
            </div>
          )}
        </Alert>
      )}

      {preview && (
        <>
          {!previewIsCurrent && <Alert tone="warning">{t("previewStale")}</Alert>}
          <CleanPreviewView result={preview.result} />
        </>
      )}
    </div>
  );
}
