"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { ExperimentStatus } from "./types";

const TONES: Record<ExperimentStatus, BadgeTone> = {
  queued: "neutral",
  running: "brand",
  completed: "success",
  failed: "danger",
  cancelled: "warning",
};

export function StatusBadge({ status }: { status: ExperimentStatus }) {
  const t = useTranslations("experiments.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
