"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui";
import type { LastCheckView } from "./types";

/** Shows the provider's connection state from its last test: connected, failed (with why) or never tested. */
export function CheckStatusBadge({ lastCheck, enabled }: { lastCheck: LastCheckView | null; enabled: boolean }) {
  const t = useTranslations("providers.status");
  const format = useFormatter();

  if (!enabled) return <Badge>{t("disabled")}</Badge>;
  if (!lastCheck) return <Badge tone="warning">{t("untested")}</Badge>;

  const when = format.dateTime(new Date(lastCheck.at), { dateStyle: "medium", timeStyle: "short" });
  return (
    <span title={t("checkedAt", { time: when })}>
      <Badge tone={lastCheck.ok ? "success" : "danger"}>{lastCheck.ok ? t("connected") : t(`failed.${lastCheck.reason}`)}</Badge>
    </span>
  );
}
