"use client";

import { useTranslations } from "next-intl";
import { Badge, Button, Card, CardBody, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { shareOf } from "./chart-data";
import { useDashboardFormat } from "./format";
import type { BreakdownDimension, BreakdownItem, UsageBreakdown } from "./types";

export const BREAKDOWN_DIMENSIONS: readonly BreakdownDimension[] = ["model", "key", "route"];

type Props = {
  dimension: BreakdownDimension;
  onDimensionChange: (dimension: BreakdownDimension) => void;
  breakdown: UsageBreakdown | undefined;
  loading: boolean;
  exportHref: string;
  /** Narrows the whole dashboard to one item of the breakdown. */
  onFilter: (item: BreakdownItem) => void;
};

/** Renders usage per model, API key or deployment for the current view, busiest first. */
export function BreakdownPanel({ dimension, onDimensionChange, breakdown, loading, exportHref, onFilter }: Props) {
  const t = useTranslations("dashboards.breakdown");
  const f = useDashboardFormat();
  const total = breakdown?.totals.requests ?? 0;

  return (
    <Card className="mb-6">
      <CardHeader
        title={t("title")}
        description={t("description")}
        actions={
          <a href={exportHref} download className="text-sm font-medium text-brand-700 underline">
            {t("export")}
          </a>
        }
      />
      <CardBody className="space-y-3">
        <div role="group" aria-label={t("groupBy")} className="flex flex-wrap gap-2">
          {BREAKDOWN_DIMENSIONS.map((option) => (
            <Button key={option} size="sm" variant={option === dimension ? "primary" : "secondary"} aria-pressed={option === dimension} onClick={() => onDimensionChange(option)}>
              {t(`by.${option}`)}
            </Button>
          ))}
        </div>
        <Table caption={t(`caption.${dimension}`)} captionHidden>
          <THead>
            <tr>
              <Th>{t(`column.${dimension}`)}</Th>
              <Th className="text-right">{t("requests")}</Th>
              <Th className="text-right">{t("tokens")}</Th>
              <Th className="text-right">{t("cost")}</Th>
              <Th className="text-right">{t("errorRate")}</Th>
              <Th className="text-right">{t("p95")}</Th>
              <Th>
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {!breakdown && loading && <TableEmptyRow colSpan={7}>{t("loading")}</TableEmptyRow>}
            {breakdown && breakdown.items.length === 0 && <TableEmptyRow colSpan={7}>{t("empty")}</TableEmptyRow>}
            {breakdown?.items.map((item) => (
              // Calls without a model id are grouped by model name, so several items can have the id "".
              <Tr key={item.id || `none:${item.name ?? ""}`}>
                <Td>
                  <ItemName dimension={dimension} item={item} />
                </Td>
                <Td className="text-right tabular-nums">
                  {f.count(item.requests)}
                  <span className="ml-1 text-xs text-muted">{f.percent(shareOf(item.requests, total))}</span>
                </Td>
                <Td className="text-right tabular-nums">{t("tokensValue", { input: f.compact(item.inputTokens), output: f.compact(item.outputTokens) })}</Td>
                <Td className="text-right tabular-nums">{f.costs(item.costs)}</Td>
                <Td className="text-right tabular-nums">{f.percent(item.errorRate)}</Td>
                <Td className="text-right tabular-nums">{f.milliseconds(item.p95LatencyMs)}</Td>
                <Td className="text-right">
                  <Button size="sm" variant="ghost" onClick={() => onFilter(item)}>
                    {t("filter")}
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}

function ItemName({ dimension, item }: { dimension: BreakdownDimension; item: BreakdownItem }) {
  const t = useTranslations("dashboards.breakdown");
  if (item.id === "" && item.name === null) return <span className="text-muted">{t(`none.${dimension}`)}</span>;

  return (
    <span className="flex flex-wrap items-center gap-2">
      <span className={dimension === "key" ? "" : "font-mono text-xs"}>{item.name ?? t("deletedKey")}</span>
      {item.detail && (
        <Badge tone="neutral" className={dimension === "key" ? "font-mono" : undefined}>
          {item.detail}
        </Badge>
      )}
    </span>
  );
}
