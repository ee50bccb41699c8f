"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Spinner } from "@/components/ui";
import { fetchRowHistory } from "./row-api";
import type { RowChange } from "./types";

// Row data can be large; the history shows its start, enough to recognise the change.
const VALUE_PREVIEW_CHARS = 600;

export const rowHistoryKey = (datasetId: string, rowKey: string) => ["datasets", datasetId, "rows", rowKey, "history"] as const;

/** Renders who changed a row, which field, when, and the value before and after, newest first. */
export function RowHistory({ datasetId, rowKey }: { datasetId: string; rowKey: string }) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const history = useQuery({
    queryKey: rowHistoryKey(datasetId, rowKey),
    queryFn: ({ signal }) => fetchRowHistory(datasetId, rowKey, signal),
  });

  if (history.isPending) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted" role="status">
        <Spinner /> {t("history.loading")}
      </p>
    );
  }
  if (history.isError) {
    return (
      <Alert tone="error">
        {errorMessage(history.error)}{" "}
        <Button variant="ghost" size="sm" onClick={() => void history.refetch()}>
          {t("retry")}
        </Button>
      </Alert>
    );
  }
  if (history.data.length === 0) return <p className="text-sm text-muted">{t("history.empty")}</p>;

  return (
    <ol className="space-y-3">
      {history.data.map((change, index) => (
        <li key={change.id ?? index} className="space-y-1.5 rounded-md border border-border p-3">
          <p className="text-sm">
            <span className="font-medium">{t.has(`history.fields.${change.field}`) ? t(`history.fields.${change.field}`) : change.field}</span>
            <span className="text-muted">
              {" · "}
              {change.actorEmail ?? t("history.unknownActor")}
              {" · "}
              <time dateTime={change.createdAt}>{format.dateTime(new Date(change.createdAt), { dateStyle: "medium", timeStyle: "short" })}</time>
            </span>
          </p>
          <div className="flex flex-wrap items-start gap-2 text-sm">
            <ChangeValue change={change} side="before" />
            <ArrowRight className="mt-1 size-4 shrink-0 text-muted" aria-label={t("history.changedTo")} />
            <ChangeValue change={change} side="after" />
          </div>
        </li>
      ))}
    </ol>
  );
}

function ChangeValue({ change, side }: { change: RowChange; side: "before" | "after" }) {
  const t = useTranslations("datasetRows");
  const value = change[side];
  const tone = side === "before" ? "bg-red-50 text-red-900" : "bg-emerald-50 text-emerald-900";
  const label = side === "before" ? t("history.before") : t("history.after");

  let text: string;
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) text = t("history.emptyValue");
  else if (change.field === "split" && typeof value === "string") text = t.has(`splits.${value}`) ? t(`splits.${value}`) : value;
  else if (change.field === "review" && typeof value === "string") text = t.has(`review.${value}`) ? t(`review.${value}`) : value;
  else if (change.field === "labels" && Array.isArray(value)) text = value.join(", ");
  else if (typeof value === "string") text = value;
  else text = JSON.stringify(value, null, 1);

  const clipped = text.length > VALUE_PREVIEW_CHARS ? `${text.slice(0, VALUE_PREVIEW_CHARS)}…` : text;
  return (
    // Long values scroll inside the box, which then takes focus so keyboard users can scroll it too.
    <div className={`max-h-40 min-w-0 flex-1 overflow-auto rounded px-2 py-1 ${tone}`} tabIndex={clipped.length > 300 ? 0 : undefined}>
      <span className="sr-only">{label}: </span>
      <pre className="font-sans text-sm whitespace-pre-wrap break-words">{clipped}</pre>
    </div>
  );
}
