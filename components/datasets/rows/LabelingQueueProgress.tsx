"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import type { ReviewCounts } from "./LabelingQueueState";

/** Reviewed rows of the draft out of all its rows, as an accessible progress bar with accepted and rejected counts. */
export function LabelingQueueProgress({ counts }: { counts: ReviewCounts }) {
  const t = useTranslations("datasetRows.queue");
  const format = useFormatter();
  const id = useId();
  const reviewed = counts.accepted + counts.rejected;
  const share = counts.total === 0 ? 0 : reviewed / counts.total;
  const valueText = t("progressValue", {
    reviewed: format.number(reviewed),
    total: format.number(counts.total),
    percent: format.number(share, { style: "percent", maximumFractionDigits: 1 }),
  });

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id={id} className="font-medium">
          {t("progress")}
        </span>
        <span className="text-muted">{valueText}</span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={reviewed}
        aria-valuetext={valueText}
        className="flex h-2.5 overflow-hidden rounded-full bg-subtle"
      >
        <div className="bg-emerald-500" style={{ width: `${counts.total === 0 ? 0 : (counts.accepted / counts.total) * 100}%` }} />
        <div className="bg-red-500" style={{ width: `${counts.total === 0 ? 0 : (counts.rejected / counts.total) * 100}%` }} />
      </div>
      <p className="flex gap-4 text-xs text-muted">
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="size-2 rounded-full bg-emerald-500" />
          {t("acceptedCount", { number: format.number(counts.accepted) })}
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="size-2 rounded-full bg-red-500" />
          {t("rejectedCount", { number: format.number(counts.rejected) })}
        </span>
      </p>
    </div>
  );
}
