"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { useFormatBytes } from "@/components/datasets/format";

type SplitTranslator = { has: (key: string) => boolean; (key: "train"): string };

/** Returns the translated name of a dataset split, or the name itself for a split without a translation. */
export function splitName(t: SplitTranslator, split: string): string {
  return t.has(split) ? t(split as "train") : split;
}

/** Returns the number, duration and size formatters of the job page in the current locale. */
export function useJobFormat() {
  const format = useFormatter();
  const t = useTranslations("fineTuningJob.units");
  const bytes = useFormatBytes();

  return useMemo(
    () => ({
      bytes,
      count: (value: number) => format.number(value),
      /** Loss, learning rate and metric values: up to 4 significant digits, so 2e-4 stays readable. */
      decimal: (value: number | null | undefined) => (value === null || value === undefined ? "—" : format.number(value, { maximumSignificantDigits: 4 })),
      percent: (value: number) => format.number(value, { style: "percent", maximumFractionDigits: 2 }),
      megabytes: (value: number) => t("megabytes", { value: format.number(value, { maximumFractionDigits: 0 }) }),
      tokensPerSecond: (value: number) => t("tokensPerSecond", { value: format.number(value, { maximumFractionDigits: 1 }) }),
      /** Whole seconds as "45 s", "3 min 20 s" or "2 h 5 min". */
      duration: (seconds: number) => {
        const total = Math.max(0, Math.round(seconds));
        const hours = Math.floor(total / 3600);
        const minutes = Math.floor((total % 3600) / 60);
        if (hours > 0) return t("hoursMinutes", { hours, minutes });
        if (minutes > 0) return t("minutesSeconds", { minutes, seconds: total % 60 });
        return t("seconds", { seconds: total });
      },
      dateTime: (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }) : "—"),
    }),
    [bytes, format, t],
  );
}
