"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { ApiKeyStatus, CanaryState } from "./types";

const CANARY_TONES: Record<CanaryState, BadgeTone> = { none: "neutral", active: "brand", rolled_back: "danger" };
const KEY_TONES: Record<ApiKeyStatus, BadgeTone> = { active: "success", expired: "warning", revoked: "danger" };

/** Shows the canary's state with its share, or "no canary". */
export function CanaryBadge({ canary }: { canary: { state: CanaryState; percent: number } | null }) {
  const t = useTranslations("gateway.canary");
  if (!canary) return <span className="text-xs text-muted">{t("noCanary")}</span>;
  return <Badge tone={CANARY_TONES[canary.state]}>{t(`states.${canary.state}`, { percent: canary.percent })}</Badge>;
}

export function KeyStatusBadge({ status }: { status: ApiKeyStatus }) {
  const t = useTranslations("gateway.keys.status");
  return <Badge tone={KEY_TONES[status]}>{t(status)}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  const t = useTranslations("gateway.deployments");
  return <Badge tone={enabled ? "success" : "neutral"}>{enabled ? t("enabled") : t("disabled")}</Badge>;
}
