"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { DatasetVersionLabel } from "@/lib/finetune/console-reads";

/** Returns a function that formats seconds as the largest fitting unit: "45 sec", "12 min" or "1.5 hr". */
export function useFormatDuration(): (seconds: number) => string {
  const format = useFormatter();
  return useCallback(
    (seconds: number) => {
      const value = Math.max(0, seconds);
      if (value < 60) return format.number(Math.round(value), { style: "unit", unit: "second", unitDisplay: "short" });
      if (value < 3600) return format.number(Math.round(value / 60), { style: "unit", unit: "minute", unitDisplay: "short" });
      return format.number(value / 3600, { style: "unit", unit: "hour", unitDisplay: "short", maximumFractionDigits: 1 });
    },
    [format],
  );
}

/** Returns a function that names a dataset version as "<dataset> v<number>", or a dash when it is gone. */
export function useDatasetVersionName(): (version: DatasetVersionLabel | null) => string {
  const t = useTranslations("fineTuning");
  return useCallback((version) => (version ? t("datasetVersion", { name: version.datasetName, version: version.number ?? 0 }) : "—"), [t]);
}

/** Returns a function that formats a 0..1 score as a percentage with one decimal. */
export function useFormatPercent(): (fraction: number) => string {
  const format = useFormatter();
  return useCallback((fraction: number) => format.number(fraction, { style: "percent", maximumFractionDigits: 1 }), [format]);
}
