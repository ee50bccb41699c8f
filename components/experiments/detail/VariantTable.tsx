"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { percentText } from "../format";
import type { VariantView } from "../types";

/** Renders one row per variant: accuracy with its interval, latency percentiles, tokens, cost, agreement and failures. */
export function VariantTable({ variants }: { variants: VariantView[] }) {
  const t = useTranslations("experiments");
  const format = useFormatter();
  const none = t("detail.none");

  return (
    <Table caption={t("detail.summaryTitle")} captionHidden>
      <THead>
        <tr>
          <Th>{t("detail.columns.variant")}</Th>
          <Th>{t("detail.columns.strategy")}</Th>
          <Th>{t("detail.columns.model")}</Th>
          <Th>{t("detail.columns.accuracy")}</Th>
          <Th>{t("detail.columns.interval")}</Th>
          <Th>{t("detail.columns.latency")}</Th>
          <Th>{t("detail.columns.tokens")}</Th>
          <Th>{t("detail.columns.cost")}</Th>
          <Th>{t("detail.columns.agreement")}</Th>
          <Th>{t("detail.columns.failed")}</Th>
        </tr>
      </THead>
      <TBody>
        {variants.map((variant, index) => {
          const summary = variant.summary;
          return (
            <Tr key={variant.id}>
              <Td className="font-medium">
                <span className="mr-1.5 text-muted tabular-nums">#{index + 1}</span>
                {variant.label}
              </Td>
              <Td className="whitespace-nowrap">
                {t(`strategies.${variant.strategy.kind}`)}
                {variant.strategy.kind === "self_consistency" && <span className="text-muted"> ×{variant.strategy.samples}</span>}
              </Td>
              <Td className="text-muted">{variant.modelName ?? none}</Td>
              <Td className="whitespace-nowrap tabular-nums">
                {summary?.accuracy == null ? none : t("detail.accuracyValue", { percent: percentText(summary.accuracy), correct: summary.correct, scored: summary.scored })}
              </Td>
              <Td className="whitespace-nowrap tabular-nums text-muted">
                {summary?.ci95 ? t("detail.intervalValue", { low: percentText(summary.ci95.low), high: percentText(summary.ci95.high) }) : none}
              </Td>
              <Td className="whitespace-nowrap tabular-nums">
                {summary?.latencyP50Ms == null ? none : t("detail.latencyValue", { p50: summary.latencyP50Ms, p95: summary.latencyP95Ms ?? summary.latencyP50Ms })}
              </Td>
              <Td className="whitespace-nowrap tabular-nums">
                {summary ? `${format.number(summary.inputTokens)} / ${format.number(summary.outputTokens)}` : none}
                {summary && summary.estimatedShare > 0 && (
                  <div className="text-xs text-muted">{t("detail.estimatedTokens", { percent: percentText(summary.estimatedShare, 0) })}</div>
                )}
              </Td>
              <Td className="whitespace-nowrap tabular-nums">
                {summary?.cost != null && summary.currency ? format.number(summary.cost, { style: "currency", currency: summary.currency, maximumFractionDigits: 4 }) : none}
              </Td>
              <Td className="tabular-nums">{summary?.meanAgreement == null ? none : `${percentText(summary.meanAgreement)}%`}</Td>
              <Td className={summary && summary.errors > 0 ? "font-medium text-red-700 tabular-nums" : "tabular-nums text-muted"}>{summary?.errors ?? 0}</Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
