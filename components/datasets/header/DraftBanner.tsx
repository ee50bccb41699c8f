"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { Alert, Button, Dialog, FormField, Input } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { apiSend, useApiErrorMessage, type ApiItem } from "../api";
import { useRefreshDataset } from "../queries";
import { TaskProgress } from "../TaskProgress";
import type { DraftView, TaskView } from "../types";

const MESSAGE_MAX_LENGTH = 500;

type SavedVersion = { versionId: string | null; number: number | null };

/**
 * Renders the "N unsaved changes" banner of a dataset with a draft. Saving queues a save_draft task that turns the
 * draft into the next version; discarding deletes the draft. Both refresh the dataset's pages afterwards.
 */
export function DraftBanner({ datasetId, draft, canWrite }: { datasetId: string; draft: DraftView | null; canWrite: boolean }) {
  const t = useTranslations("datasets.draft");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const refresh = useRefreshDataset(datasetId);
  const formId = useId();

  const [saveOpen, setSaveOpen] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saveTaskId, setSaveTaskId] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedVersion | null>(null);

  async function save() {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<TaskView>>("POST", `/datasets/${datasetId}/draft/save`, message.trim() ? { message: message.trim() } : {});
      setSaveOpen(false);
      setMessage("");
      setSaveTaskId(data.id);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  async function discard() {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("DELETE", `/datasets/${datasetId}/draft`);
      setDiscardOpen(false);
      refresh();
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  function onSaved(task: TaskView) {
    const result = task.result as { versionNumber?: number } | null;
    setSaved({ versionId: task.resultVersionId, number: result?.versionNumber ?? null });
    setSaveTaskId(null);
    refresh();
  }

  if (saved) {
    return (
      <Alert tone="success">
        {t("saved", { number: saved.number ?? 0 })}{" "}
        {saved.versionId && (
          <Link href={`/datasets/${datasetId}?v=${saved.versionId}`} className="font-medium underline">
            {t("openSaved")}
          </Link>
        )}
      </Alert>
    );
  }

  if (saveTaskId) {
    return (
      <Alert tone="info" title={t("saving")}>
        <TaskProgress taskId={saveTaskId} label={t("saving")} onCompleted={onSaved} />
      </Alert>
    );
  }

  if (!draft) return null;

  const summary = draft.changeCount > 0 ? t("changes", { count: draft.changeCount, formatted: format.number(draft.changeCount) }) : t("open");

  return (
    <>
      <div role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-900">
        <p>
          <span className="font-medium">{summary}</span> {canWrite ? t("hint") : t("hintReadOnly")}
        </p>
        {canWrite && (
          <div className="flex gap-2">
            <Button size="sm" onClick={() => setSaveOpen(true)}>
              {t("save")}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setDiscardOpen(true)}>
              {t("discard")}
            </Button>
          </div>
        )}
      </div>
      {failure !== null && !saveOpen && !discardOpen && <Alert tone="error">{errorMessage(failure)}</Alert>}

      <Dialog
        open={saveOpen}
        onClose={() => setSaveOpen(false)}
        title={t("saveTitle")}
        description={t("saveDescription")}
        closeLabel={tCommon("close")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setSaveOpen(false)} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" form={formId} loading={pending}>
              {t("saveConfirm")}
            </Button>
          </>
        }
      >
        <form
          id={formId}
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
          <FormField id={`${formId}-message`} label={t("message")} hint={t("messageHint")}>
            <Input value={message} maxLength={MESSAGE_MAX_LENGTH} onChange={(event) => setMessage(event.target.value)} autoComplete="off" />
          </FormField>
        </form>
      </Dialog>

      <ConfirmDialog
        open={discardOpen}
        title={t("discardTitle")}
        description={t("discardDescription", { count: draft.changeCount })}
        confirmLabel={t("discardConfirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={pending}
        onConfirm={() => void discard()}
        onClose={() => setDiscardOpen(false)}
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </ConfirmDialog>
    </>
  );
}
