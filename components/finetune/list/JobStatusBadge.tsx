"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { JobSummary } from "@/lib/finetune/console-reads";

const TONES: Record<JobSummary["status"], BadgeTone> = {
  queued: "neutral",
  running: "brand",
  succeeded: "success",
  failed: "danger",
  cancelled: "warning",
};

export function JobStatusBadge({ status }: { status: JobSummary["status"] }) {
  const t = useTranslations("fineTuning.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
