"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui";
import type { ResultSummaryView } from "../types";

/** Badge for a row: failed (the call failed), correct or wrong. */
export function Verdict({ result }: { result: Pick<ResultSummaryView, "status" | "correct"> }) {
  const t = useTranslations("experiments.rows");
  if (result.status === "error") return <Badge tone="danger">{t("failed")}</Badge>;
  return result.correct ? <Badge tone="success">{t("correct")}</Badge> : <Badge tone="warning">{t("wrong")}</Badge>;
}
