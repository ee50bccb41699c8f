"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { rowFields } from "./row-text";

/** Renders one row's data read-only: each message or field with its name, then labels and split. */
export function RowContent({ data, labels, split, className }: { data: unknown; labels?: string[]; split?: string | null; className?: string }) {
  const t = useTranslations("datasets");
  const fields = rowFields(data);

  return (
    <div className={cn("space-y-1 text-sm", className)}>
      <dl className="space-y-1">
        {fields.map((field, index) => (
          <div key={`${field.name}-${index}`} className="grid grid-cols-[minmax(0,8rem)_1fr] gap-2">
            <dt className="truncate font-mono text-xs text-muted" title={field.name}>
              {field.name}
            </dt>
            <dd className="line-clamp-4 break-words whitespace-pre-wrap">{field.text || <span className="text-muted">{t("row.empty")}</span>}</dd>
          </div>
        ))}
      </dl>
      {((labels && labels.length > 0) || split) && (
        <div className="flex flex-wrap items-center gap-1 pt-1">
          {labels?.map((label) => (
            <Badge key={label} tone="brand">
              {label}
            </Badge>
          ))}
          {split && <Badge>{t.has(`splits.${split}`) ? t(`splits.${split}`) : split}</Badge>}
        </div>
      )}
    </div>
  );
}
