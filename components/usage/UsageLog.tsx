"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { apiGet, apiUrl, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, PageHeader, Table, TableEmptyRow, TBody, Th, THead } from "@/components/ui";
import { EMPTY_LOG_FILTERS, logFilterQuery, type LogFilters } from "./log-filters";
import type { RequestLogSummary, RequestLogView } from "./types";
import { UsageLogFilters } from "./UsageLogFilters";
import { UsageRow } from "./UsageRow";

/** Renders the usage log: filters, totals and the table of model calls, newest first; each row opens its detail. */
export function UsageLog() {
  const t = useTranslations("usage");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const [filters, setFilters] = useState<LogFilters>(EMPTY_LOG_FILTERS);
  // Relative ranges end at the moment the filters last changed, so paging does not shift under the reader.
  const [anchor, setAnchor] = useState(() => Date.now());
  const query = logFilterQuery(filters, anchor);
  const changeFilters = (next: LogFilters) => {
    setAnchor(Date.now());
    setFilters(next);
  };

  const summary = useQuery({
    queryKey: ["request-logs", "summary", query],
    queryFn: ({ signal }) => apiGet<{ data: RequestLogSummary }>(apiUrl("/request-logs/summary", query), signal).then((body) => body.data),
  });
  const pages = useInfiniteQuery({
    queryKey: ["request-logs", "list", query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) => apiGet<{ data: RequestLogView[]; nextCursor: string | null }>(apiUrl("/request-logs", { ...query, before: pageParam, limit: 50 }), signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];
  const failure = summary.error ?? pages.error;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <UsageLogFilters filters={filters} onChange={changeFilters} onRefresh={() => setAnchor(Date.now())} />

      {failure && (
        <Alert tone="error" className="mb-4">
          {errorMessage(failure)}{" "}
          <button
            type="button"
            className="font-medium underline"
            onClick={() => {
              void summary.refetch();
              void pages.refetch();
            }}
          >
            {tCommon("retry")}
          </button>
        </Alert>
      )}

      {summary.data && <TotalsStrip summary={summary.data} />}
      {pages.isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {!pages.isPending && (
        <Table caption={t("table.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("table.time")}</Th>
              <Th>{t("table.source")}</Th>
              <Th>{t("table.route")}</Th>
              <Th>{t("table.model")}</Th>
              <Th>{t("table.status")}</Th>
              <Th className="text-right">{t("table.tokens")}</Th>
              <Th className="text-right">{t("table.latency")}</Th>
              <Th className="text-right">{t("table.cost")}</Th>
              <Th>{t("table.handling")}</Th>
            </tr>
          </THead>
          <TBody>
            {rows.length === 0 && <TableEmptyRow colSpan={9}>{t("table.empty")}</TableEmptyRow>}
            {rows.map((row) => (
              <UsageRow key={row.id} row={row} />
            ))}
          </TBody>
        </Table>
      )}

      {pages.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t("table.loadMore")}
          </Button>
        </div>
      )}
    </>
  );
}

function TotalsStrip({ summary }: { summary: RequestLogSummary }) {
  const t = useTranslations("usage.totals");
  const format = useFormatter();
  // Each currency is listed on its own; amounts in different currencies are never added.
  const cost = summary.costs.length === 0 ? "—" : summary.costs.map((entry) => format.number(entry.cost, { style: "currency", currency: entry.currency, maximumFractionDigits: 4 })).join(" · ");
  const items = [
    { label: t("requests"), value: format.number(summary.requests), detail: t("statusDetail", { errors: summary.errors, cancelled: summary.cancelled }) },
    {
      label: t("tokens"),
      value: t("tokensValue", { input: format.number(summary.inputTokens), output: format.number(summary.outputTokens) }),
      detail: summary.estimatedRequests > 0 ? t("estimatedDetail", { count: summary.estimatedRequests }) : undefined,
    },
    { label: t("meanLatency"), value: summary.meanLatencyMs === null ? "—" : t("milliseconds", { value: summary.meanLatencyMs }) },
    { label: t("meanTtft"), value: summary.meanTtftMs === null ? "—" : t("milliseconds", { value: summary.meanTtftMs }) },
    { label: t("cost"), value: cost },
  ];

  return (
    <Card className="mb-4">
      <CardBody className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        {items.map((item) => (
          <div key={item.label}>
            <p className="text-xs text-muted">{item.label}</p>
            <p className="text-lg font-semibold tabular-nums">{item.value}</p>
            {item.detail && <p className="text-xs text-muted">{item.detail}</p>}
          </div>
        ))}
      </CardBody>
    </Card>
  );
}
