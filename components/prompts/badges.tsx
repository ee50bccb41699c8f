"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { StrategyKind } from "@/lib/prompts/types";

const labelTones: Record<string, BadgeTone> = { production: "success", staging: "warning" };

/** A label such as production (green) or staging (amber), optionally with the version it points at. */
export function LabelBadge({ name, versionNumber }: { name: string; versionNumber?: number }) {
  const t = useTranslations("prompts.labels");
  return (
    <Badge tone={labelTones[name] ?? "brand"}>
      {versionNumber === undefined ? name : t("badge", { label: name, number: versionNumber })}
    </Badge>
  );
}

export function StrategyBadge({ kind }: { kind: StrategyKind }) {
  const t = useTranslations("prompts.strategy.kinds");
  return <Badge tone="neutral">{t(kind)}</Badge>;
}
