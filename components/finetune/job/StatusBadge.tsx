"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { JobStatus } from "./types";

const TONES: Record<JobStatus, BadgeTone> = { queued: "neutral", running: "brand", succeeded: "success", failed: "danger", cancelled: "warning" };

/** Renders a job's status as a colored badge. */
export function StatusBadge({ status }: { status: JobStatus }) {
  const t = useTranslations("fineTuningJob.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
