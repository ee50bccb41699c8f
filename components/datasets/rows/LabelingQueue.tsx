"use client";

import { useMutation } from "@tanstack/react-query";
import { Keyboard, Tags } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { useRefreshDataset } from "@/components/datasets/queries";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, Card, Select, Spinner } from "@/components/ui";
import type { Review } from "@/lib/datasets/model";
import { LabelingQueueActions } from "./LabelingQueueActions";
import { LabelingQueueCard } from "./LabelingQueueCard";
import { LabelingQueueHelp } from "./LabelingQueueHelp";
import { LabelingQueueProgress } from "./LabelingQueueProgress";
import { commandForKey, isTypingTarget, type QueueCommand } from "./LabelingQueueShortcuts";
import { useLabelingQueue, type QueueMode, type QueueValues } from "./LabelingQueueState";
import { openDraft } from "./row-api";
import { RowFilters } from "./RowFilters";
import type { DatasetInfo, DatasetRow, RowFilter, VersionOption } from "./types";
import { useServerVersionSync, useThrottledDatasetRefresh } from "./use-dataset-sync";

export type LabelingQueueProps = {
  dataset: DatasetInfo;
  /** The dataset's draft, or null until the labeller starts and the draft is opened. */
  draftId: string | null;
  /** The dataset's versions as the server rendered them; the page renders again when they change. */
  versions: VersionOption[];
  labelChoices: string[];
};

/**
 * Renders the labelling page body. Labelling works on the draft, so the page first offers to open it with
 * one click, because opening copies every row of the newest version. Then it shows the queue.
 */
export function LabelingQueue({ dataset, draftId: initialDraftId, versions, labelChoices }: LabelingQueueProps) {
  const t = useTranslations("datasetRows.queue");
  useServerVersionSync(dataset.id, versions);
  const router = useRouter();
  const errorMessage = useApiErrorMessage();
  const refreshDataset = useRefreshDataset(dataset.id);
  const [draftId, setDraftId] = useState(initialDraftId);
  // Follows the server's draft when it changes, e.g. saved or discarded from the header. The draft this
  // component opened arrives with the same id, so the queue keeps its state.
  const [serverDraftId, setServerDraftId] = useState(initialDraftId);
  if (initialDraftId !== serverDraftId) {
    setServerDraftId(initialDraftId);
    setDraftId(initialDraftId);
  }
  const start = useMutation({
    mutationFn: () => openDraft(dataset.id),
    onSuccess: (draft) => {
      setDraftId(draft.id);
      refreshDataset();
      router.refresh();
    },
  });

  if (draftId) return <QueueView key={draftId} dataset={dataset} draftId={draftId} labelChoices={labelChoices} />;

  return (
    <Card>
      <EmptyState
        icon={<Tags className="size-6" />}
        title={t("start.title")}
        description={
          <>
            <p>{t("start.body")}</p>
            {start.error !== null && (
              <Alert tone="error" className="mt-4 text-left">
                {errorMessage(start.error)}
              </Alert>
            )}
          </>
        }
        actions={
          <Button onClick={() => start.mutate()} loading={start.isPending}>
            {t("start.action")}
          </Button>
        }
      />
    </Card>
  );
}

function QueueView({ dataset, draftId, labelChoices }: { dataset: DatasetInfo; draftId: string; labelChoices: string[] }) {
  const t = useTranslations("datasetRows.queue");
  const tRows = useTranslations("datasetRows");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const modeId = useId();
  const [filter, setFilter] = useState<RowFilter>({});
  const [mode, setMode] = useState<QueueMode>("unreviewed");
  const [helpOpen, setHelpOpen] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const queue = useLabelingQueue({ datasetId: dataset.id, draftId, filter, mode });
  const refreshHeaderSoon = useThrottledDatasetRefresh(dataset.id);
  const row = queue.current;

  function change(target: DatasetRow, values: QueueValues) {
    queue.change(target, values);
    refreshHeaderSoon();
  }

  function pickLabel(label: string) {
    if (!row) return;
    if (dataset.multiLabel) {
      change(row, { labels: row.labels.includes(label) ? row.labels.filter((existing) => existing !== label) : [...row.labels, label] });
      return;
    }
    change(row, { labels: [label] });
    queue.next();
  }

  function review(verdict: Review) {
    if (!row) return;
    change(row, { review: verdict });
    queue.next();
  }

  function run(command: QueueCommand) {
    switch (command.kind) {
      case "label": {
        const label = labelChoices[command.index];
        if (label) pickLabel(label);
        return;
      }
      case "accept":
        return review("accepted");
      case "reject":
        return review("rejected");
      case "note":
        return noteRef.current?.focus();
      case "next":
        return queue.next();
      case "previous":
        return queue.previous();
      case "undo":
        if (queue.undo()) refreshHeaderSoon();
        return;
      case "help":
        return setHelpOpen((open) => !open);
    }
  }

  // The listener is added once and calls the newest `run` through this ref, so it reads the current state.
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || isTypingTarget(event.target)) return;
      // While a dialog is open only "?" (to close help) is handled; other keys belong to the dialog.
      if (document.querySelector("dialog[open]") && event.key !== "?") return;
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      runRef.current(command);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const positionText =
    queue.queueTotal !== null
      ? t("position", { index: format.number(queue.index + 1), total: format.number(queue.queueTotal) })
      : t("positionUnknown", { index: format.number(queue.index + 1) });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="w-52 space-y-1">
            <label htmlFor={modeId} className="block text-xs font-medium text-muted">
              {t("mode.label")}
            </label>
            <Select
              id={modeId}
              value={mode}
              onChange={(event) => setMode(event.target.value as QueueMode)}
              options={[
                { value: "unreviewed", label: t("mode.unreviewed") },
                { value: "all", label: t("mode.all") },
              ]}
            />
          </div>
          <RowFilters filter={filter} onChange={setFilter} labelOptions={labelChoices} show={{}} />
          <Button variant="ghost" className="ml-auto" icon={<Keyboard className="size-4" aria-hidden />} onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t("help.open")}
          </Button>
        </div>

        {queue.saveError !== null && (
          <Alert tone="error" title={t("saveFailed")}>
            {errorMessage(queue.saveError)}{" "}
            <Button variant="ghost" size="sm" onClick={queue.clearSaveError}>
              {t("dismiss")}
            </Button>
          </Alert>
        )}
        {queue.loadError !== null && (
          <Alert tone="error">
            {errorMessage(queue.loadError)}{" "}
            <Button variant="secondary" size="sm" className="ml-2" onClick={queue.retryLoad}>
              {tRows("retry")}
            </Button>
          </Alert>
        )}

        {row ? (
          <LabelingQueueCard
            dataset={dataset}
            row={row}
            labelChoices={labelChoices}
            positionText={positionText}
            noteRef={noteRef}
            onPickLabel={pickLabel}
            onReview={review}
            onSaveNote={(note) => change(row, { note })}
            onPrevious={queue.previous}
            onNext={queue.next}
            canGoBack={queue.index > 0}
          />
        ) : queue.loading || (queue.rows.length === 0 && queue.loadError === null && queue.hasMore) ? (
          <p className="flex items-center gap-2 text-sm text-muted" role="status">
            <Spinner /> {t("loading")}
          </p>
        ) : (
          <Card>
            <EmptyState
              title={queue.rows.length === 0 ? t("empty.title") : t("end.title")}
              description={<p>{mode === "unreviewed" ? t("end.bodyUnreviewed") : t("end.bodyAll")}</p>}
              actions={
                <>
                  {queue.rows.length > 0 && (
                    <Button variant="secondary" onClick={queue.previous}>
                      {t("previous")}
                    </Button>
                  )}
                  {mode === "unreviewed" && <Button onClick={() => setMode("all")}>{t("end.showAll")}</Button>}
                </>
              }
            />
          </Card>
        )}
        <p className="text-xs text-muted">{t("keyboardHint")}</p>
      </div>

      <aside className="space-y-6" aria-label={t("sidebar")}>
        {queue.counts && <LabelingQueueProgress counts={queue.counts} />}
        <p className="text-xs text-muted">{t("draftNotice")}</p>
        <LabelingQueueActions actions={queue.actions} />
      </aside>

      <LabelingQueueHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
