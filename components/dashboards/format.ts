"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { CurrencyCost } from "./types";

/** Locale-aware formatters shared by the dashboard cards, charts and tables. */
export function useDashboardFormat() {
  const format = useFormatter();
  const t = useTranslations("dashboards.units");

  const count = useCallback((value: number) => format.number(value), [format]);
  const compact = useCallback((value: number) => format.number(value, { notation: "compact", maximumFractionDigits: 1 }), [format]);
  const percent = useCallback((value: number | null) => (value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 1 })), [format]);
  const milliseconds = useCallback((value: number | null) => (value === null ? "—" : t("milliseconds", { value: format.number(value) })), [format, t]);
  const money = useCallback((value: number, currency: string) => format.number(value, { style: "currency", currency, maximumFractionDigits: value !== 0 && Math.abs(value) < 1 ? 4 : 2 }), [format]);
  const costs = useCallback((list: readonly CurrencyCost[]) => (list.length === 0 ? "—" : list.map((entry) => money(entry.cost, entry.currency)).join(" · ")), [money]);

  return { format, count, compact, percent, milliseconds, money, costs };
}
