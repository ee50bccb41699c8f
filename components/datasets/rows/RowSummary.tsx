"use client";

import { useTranslations } from "next-intl";
import type { DatasetType, RowData } from "@/lib/datasets/model";
import { IMAGE_MARKER, summarizeRow } from "./row-text";

/** Renders the compact content cell of a table row: up to two single-line entries, each with its role or field. */
export function RowSummary({ type, data }: { type: DatasetType | null; data: RowData }) {
  const t = useTranslations("datasetRows");
  const imageWord = t("content.imageInline");
  const lines = summarizeRow(type, data).slice(0, 2);

  return (
    <div className="min-w-0 space-y-0.5 text-sm leading-5">
      {lines.map((line, index) => (
        <p key={index} className="truncate">
          {line.tag && <span className="mr-1.5 text-xs font-medium text-muted">{t(`tags.${line.tag}`)}</span>}
          <span className={index === 0 ? "text-fg" : "text-muted"}>{line.text ? line.text.replaceAll(IMAGE_MARKER, imageWord) : t("content.empty")}</span>
        </p>
      ))}
    </div>
  );
}
