"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { apiGet } from "@/components/datasets/api";
import { Button, Input, Select } from "@/components/ui";
import { EMPTY_LOG_FILTERS, LOG_RANGES, type LogFilters } from "./log-filters";

type KeyOption = { id: string; name: string | null; detail: string | null };

/** API keys that made calls in the last 30 days, for the key filter; read from the usage roll-ups. */
function useRecentKeys() {
  return useQuery({
    queryKey: ["usage", "log-key-options"],
    queryFn: ({ signal }) =>
      apiGet<{ data: { items: KeyOption[] } }>("/usage/breakdown?by=key&granularity=day", signal).then((body) => body.data.items.filter((item) => item.id !== "")),
    staleTime: 5 * 60_000,
  });
}

/** Renders the usage log's filters: time range, source, status, model, key, route, cache, errors, latency and request id. */
export function UsageLogFilters({ filters, onChange, onRefresh }: { filters: LogFilters; onChange: (filters: LogFilters) => void; onRefresh: () => void }) {
  const t = useTranslations("usage.filters");
  const tUsage = useTranslations("usage");
  const keys = useRecentKeys();
  const ids = {
    range: useId(),
    from: useId(),
    to: useId(),
    source: useId(),
    status: useId(),
    model: useId(),
    key: useId(),
    route: useId(),
    cache: useId(),
    errorsOnly: useId(),
    minLatency: useId(),
    requestId: useId(),
  };
  const set = (key: keyof LogFilters) => (event: { target: { value: string } }) => onChange({ ...filters, [key]: event.target.value });

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <Field id={ids.range} label={t("range")}>
        <Select id={ids.range} value={filters.range} onChange={set("range")}>
          {LOG_RANGES.map((range) => (
            <option key={range} value={range}>
              {t(`ranges.${range}`)}
            </option>
          ))}
        </Select>
      </Field>
      {filters.range === "custom" && (
        <>
          <Field id={ids.from} label={t("from")}>
            <Input id={ids.from} type="date" value={filters.from} onChange={set("from")} />
          </Field>
          <Field id={ids.to} label={t("to")}>
            <Input id={ids.to} type="date" value={filters.to} onChange={set("to")} />
          </Field>
        </>
      )}
      <Field id={ids.source} label={t("source")}>
        <Select id={ids.source} value={filters.source} onChange={set("source")}>
          <option value="">{t("any")}</option>
          {(["playground", "experiment", "gateway"] as const).map((source) => (
            <option key={source} value={source}>
              {tUsage(`sources.${source}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={ids.status} label={t("status")}>
        <Select id={ids.status} value={filters.status} onChange={set("status")}>
          <option value="">{t("any")}</option>
          {(["ok", "error", "cancelled"] as const).map((status) => (
            <option key={status} value={status}>
              {tUsage(`statuses.${status}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={ids.model} label={t("model")}>
        <Input id={ids.model} value={filters.model} onChange={set("model")} placeholder={t("modelPlaceholder")} maxLength={200} />
      </Field>
      <Field id={ids.key} label={t("key")}>
        <Select id={ids.key} value={filters.apiKeyId} onChange={set("apiKeyId")} className="max-w-56">
          <option value="">{t("any")}</option>
          {keys.data?.map((key) => (
            <option key={key.id} value={key.id}>
              {`${key.name ?? t("deletedKey")}${key.detail ? ` (${key.detail})` : ""}`}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={ids.route} label={t("route")}>
        <Input id={ids.route} value={filters.route} onChange={set("route")} placeholder={t("routePlaceholder")} maxLength={200} />
      </Field>
      <Field id={ids.cache} label={t("cache")}>
        <Select id={ids.cache} value={filters.cacheHit} onChange={set("cacheHit")}>
          <option value="">{t("any")}</option>
          <option value="true">{t("cacheHit")}</option>
          <option value="false">{t("cacheMiss")}</option>
        </Select>
      </Field>
      <Field id={ids.minLatency} label={t("minLatency")}>
        <Input id={ids.minLatency} type="number" min={0} step={1} inputMode="numeric" value={filters.minLatencyMs} onChange={set("minLatencyMs")} className="w-32" />
      </Field>
      <Field id={ids.requestId} label={t("requestId")}>
        <Input id={ids.requestId} value={filters.requestId} onChange={set("requestId")} maxLength={200} className="font-mono" />
      </Field>
      <label htmlFor={ids.errorsOnly} className="flex h-9 items-center gap-2 text-sm">
        <input id={ids.errorsOnly} type="checkbox" checked={filters.errorsOnly} onChange={(event) => onChange({ ...filters, errorsOnly: event.target.checked })} />
        {t("errorsOnly")}
      </label>
      <Button variant="ghost" onClick={() => onChange(EMPTY_LOG_FILTERS)}>
        {t("reset")}
      </Button>
      <Button variant="secondary" onClick={onRefresh}>
        {t("refresh")}
      </Button>
    </div>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
