"use client";

import { Check, CircleExclamationPoint, LoaderCircle, Undo2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import type { QueueAction, QueueValues } from "./LabelingQueueState";

// The list shows the newest actions; older ones stay available to undo.
const SHOWN_ACTIONS = 8;

/** Renders the labeller's most recent changes, newest first, each with its row, the new values and whether it was saved. */
export function LabelingQueueActions({ actions }: { actions: QueueAction[] }) {
  const t = useTranslations("datasetRows.queue");
  const format = useFormatter();
  const describe = useDescribeValues();
  const headingId = useId();

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-sm font-semibold">
        {t("recentActions")}
      </h2>
      {actions.length === 0 ? (
        <p className="text-sm text-muted">{t("noActions")}</p>
      ) : (
        <ol className="space-y-1.5" aria-live="polite">
          {actions.slice(0, SHOWN_ACTIONS).map((action) => (
            <li key={action.id} className="flex items-start gap-2 text-sm">
              <StatusIcon action={action} />
              <span className="min-w-0 flex-1">
                <span className="font-medium">{t("actionRow", { number: format.number(action.position + 1) })}</span>{" "}
                {action.isUndo && <span className="text-muted">{t("undoPrefix")} </span>}
                <span className={action.undone ? "text-muted line-through" : undefined}>{describe(action.after)}</span>
                {action.status === "failed" && <span className="text-red-700"> · {t("actionFailed")}</span>}
              </span>
              <time className="shrink-0 text-xs text-muted tabular-nums" dateTime={action.at.toISOString()}>
                {format.dateTime(action.at, { timeStyle: "medium" })}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function StatusIcon({ action }: { action: QueueAction }) {
  const t = useTranslations("datasetRows.queue");
  if (action.status === "saving") return <LoaderCircle className="mt-0.5 size-4 shrink-0 animate-spin text-muted" aria-label={t("statusSaving")} />;
  if (action.status === "failed") return <CircleExclamationPoint className="mt-0.5 size-4 shrink-0 text-red-600" aria-label={t("statusFailed")} />;
  if (action.isUndo) return <Undo2 className="mt-0.5 size-4 shrink-0 text-muted" aria-label={t("statusSaved")} />;
  return <Check className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-label={t("statusSaved")} />;
}

/** Returns a function that describes new field values, e.g. "Labels: spam, ads" or "Accepted". */
function useDescribeValues(): (values: QueueValues) => string {
  const t = useTranslations("datasetRows");
  return (values) => {
    const parts: string[] = [];
    if (values.labels !== undefined) parts.push(values.labels.length ? t("queue.setLabels", { labels: values.labels.join(", ") }) : t("queue.clearedLabels"));
    if (values.review !== undefined) parts.push(values.review ? t(`review.${values.review}`) : t("queue.clearedReview"));
    if (values.note !== undefined) parts.push(values.note ? t("queue.setNote") : t("queue.clearedNote"));
    return parts.join(" · ");
  };
}
