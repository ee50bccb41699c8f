"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui";
import type { DatasetType } from "@/lib/datasets/model";

/** Renders the dataset type as a badge; a dataset without a completed import has no type yet. */
export function TypeBadge({ type }: { type: DatasetType | null | undefined }) {
  const t = useTranslations("datasets.types");
  if (!type) return <Badge tone="neutral">{t("none")}</Badge>;
  return <Badge tone="brand">{t(type)}</Badge>;
}
