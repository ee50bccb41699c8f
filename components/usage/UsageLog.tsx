"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiGet, apiUrl, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Badge, Button, Card, CardBody, Input, PageHeader, Select, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import type { RequestLogView, RequestLogSummary } from "./types";

type Filters = { source: string; status: string; model: string; from: string; to: string };
const EMPTY_FILTERS: Filters = { source: "", status: "", model: "", from: "", to: "" };

/** Query parameters of the filters; the "to" date includes its whole day. */
function filterQuery(filters: Filters) {
  return {
    source: filters.source || undefined,
    status: filters.status || undefined,
    model: filters.model.trim() || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  };
}

/** Renders the usage log: filters, totals and the table of model calls, newest first. */
export function UsageLog() {
  const t = useTranslations("usage");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const query = filterQuery(filters);

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
      <UsageFilters filters={filters} onChange={setFilters} />

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
              <Th>{t("table.model")}</Th>
              <Th>{t("table.status")}</Th>
              <Th className="text-right">{t("table.tokens")}</Th>
              <Th className="text-right">{t("table.ttft")}</Th>
              <Th className="text-right">{t("table.latency")}</Th>
              <Th className="text-right">{t("table.cost")}</Th>
            </tr>
          </THead>
          <TBody>
            {rows.length === 0 && <TableEmptyRow colSpan={8}>{t("table.empty")}</TableEmptyRow>}
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

function UsageFilters({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const t = useTranslations("usage");
  const ids = { source: useId(), status: useId(), model: useId(), from: useId(), to: useId() };
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => onChange({ ...filters, [key]: event.target.value });

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.source}>{t("filters.source")}</label>
        <Select id={ids.source} value={filters.source} onChange={set("source")}>
          <option value="">{t("filters.any")}</option>
          {(["playground", "experiment", "gateway"] as const).map((source) => (
            <option key={source} value={source}>
              {t(`sources.${source}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.status}>{t("filters.status")}</label>
        <Select id={ids.status} value={filters.status} onChange={set("status")}>
          <option value="">{t("filters.any")}</option>
          {(["ok", "error", "cancelled"] as const).map((status) => (
            <option key={status} value={status}>
              {t(`statuses.${status}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.model}>{t("filters.model")}</label>
        <Input id={ids.model} value={filters.model} onChange={set("model")} placeholder={t("filters.modelPlaceholder")} maxLength={200} />
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.from}>{t("filters.from")}</label>
        <Input id={ids.from} type="date" value={filters.from} onChange={set("from")} />
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.to}>{t("filters.to")}</label>
        <Input id={ids.to} type="date" value={filters.to} onChange={set("to")} />
      </div>
      <Button variant="ghost" onClick={() => onChange(EMPTY_FILTERS)}>
        {t("filters.reset")}
      </Button>
    </div>
  );
}

function TotalsStrip({ summary }: { summary: RequestLogSummary }) {
  const t = useTranslations("usage.totals");
  const format = useFormatter();
  const cost = summary.costs.length === 0 ? "—" : summary.costs.map((entry) => format.number(entry.cost, { style: "currency", currency: entry.currency, maximumFractionDigits: 4 })).join(" + ");
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

const STATUS_TONES = { ok: "success", error: "danger", cancelled: "warning" } as const;

function UsageRow({ row }: { row: RequestLogView }) {
  const t = useTranslations("usage");
  const format = useFormatter();
  const milliseconds = (value: number | null) => (value === null ? "—" : t("totals.milliseconds", { value }));

  return (
    <Tr>
      <Td className="whitespace-nowrap">{format.dateTime(new Date(row.createdAt), { dateStyle: "short", timeStyle: "medium" })}</Td>
      <Td>{t(`sources.${row.source}`)}</Td>
      <Td className="font-mono text-xs">{row.model}</Td>
      <Td>
        <Badge tone={STATUS_TONES[row.status]}>{t(`statuses.${row.status}`)}</Badge>
        <ErrorKindNote row={row} />
      </Td>
      <Td className="text-right tabular-nums">
        {t("table.tokensValue", { input: format.number(row.inputTokens), output: format.number(row.outputTokens) })}
        {row.usageEstimated && (
          <Badge tone="warning" className="ml-2">
            <span title={t("table.estimatedHint")}>{t("table.estimated")}</span>
          </Badge>
        )}
      </Td>
      <Td className="text-right tabular-nums">{milliseconds(row.ttftMs)}</Td>
      <Td className="text-right tabular-nums">{milliseconds(row.latencyMs)}</Td>
      <Td className="text-right tabular-nums">
        {row.cost === null || row.currency === null ? t("table.noPrice") : format.number(row.cost, { style: "currency", currency: row.currency, maximumFractionDigits: 6 })}
      </Td>
    </Tr>
  );
}

/** Short translated failure kind beside the status badge; a cancelled call needs none beyond its badge. */
function ErrorKindNote({ row }: { row: RequestLogView }) {
  const t = useTranslations("usage.errorKinds");
  const tReasons = useTranslations("errors.reasons.llm");
  const kind = row.errorCode;
  if (!kind || kind === "cancelled") return null;

  const params = { status: row.httpStatus ?? "?" };
  const label = t.has(kind) ? t(kind, params) : t("other");
  const explanation = tReasons.has(kind) ? tReasons(kind, params) : undefined;
  return (
    <span className="ml-2 text-xs text-muted" title={explanation}>
      {label}
    </span>
  );
}
