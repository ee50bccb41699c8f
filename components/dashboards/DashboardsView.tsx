"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ReceiptText } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, buttonClasses, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { BreakdownPanel } from "./BreakdownPanel";
import { DashboardFiltersBar } from "./DashboardFilters";
import { OverviewCards } from "./OverviewCards";
import { exportHref, useBreakdown, useOverview, useSeries, usageKeys } from "./queries";
import { SeriesCharts } from "./SeriesCharts";
import { TopQueriesCard } from "./TopQueriesCard";
import type { BreakdownDimension, BreakdownItem } from "./types";
import { EMPTY_FILTERS, NONE, viewQuery, type DashboardFilters, type RangePreset } from "./view-state";

const REFRESH_MS = 60_000;

const FILTER_FIELDS: Record<BreakdownDimension, keyof DashboardFilters> = { model: "modelId", key: "apiKeyId", route: "route" };

/** Returns the minute the view ends at, moved forward every minute so the charts follow new traffic. */
function useAnchor(): [number, () => void] {
  const currentMinute = () => Math.ceil(Date.now() / 60_000) * 60_000;
  const [anchor, setAnchor] = useState(currentMinute);
  useEffect(() => {
    const timer = setInterval(() => setAnchor(currentMinute()), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return [anchor, () => setAnchor(currentMinute())];
}

/** Renders the cost, latency and usage dashboards: today's cards, charts over time, breakdowns and top queries. */
export function DashboardsView() {
  const t = useTranslations("dashboards");
  const locale = useLocale();
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [preset, setPreset] = useState<RangePreset>("7d");
  const [filters, setFilters] = useState<DashboardFilters>(EMPTY_FILTERS);
  const [dimension, setDimension] = useState<BreakdownDimension>("model");
  const [anchor, refreshAnchor] = useAnchor();
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", []);

  const query = viewQuery(preset, anchor, filters);
  const unfiltered = viewQuery(preset, anchor, EMPTY_FILTERS);
  const overview = useOverview({ source: query.source, modelId: query.modelId, apiKeyId: query.apiKeyId, route: query.route, timeZone });
  const series = useSeries(query);
  const breakdown = useBreakdown(query, dimension);
  const options = {
    model: useBreakdown(unfiltered, "model").data?.items ?? [],
    key: useBreakdown(unfiltered, "key").data?.items ?? [],
    route: useBreakdown(unfiltered, "route").data?.items ?? [],
  };
  const failure = overview.error ?? series.error ?? breakdown.error;

  const refresh = () => {
    refreshAnchor();
    void queryClient.invalidateQueries({ queryKey: usageKeys.all });
  };
  const filterOn = (item: BreakdownItem) => {
    // Calls without a model id cannot be selected by model; keys and routes have a "none" option.
    if (dimension === "model" && item.id === "") return;
    const value = item.id === "" ? NONE : item.id;
    setFilters({ ...filters, [FILTER_FIELDS[dimension]]: value });
  };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/dashboards/usage" className={buttonClasses("secondary")}>
            <ReceiptText className="size-4" aria-hidden />
            {t("openLog")}
          </Link>
        }
      />
      <DashboardFiltersBar
        preset={preset}
        onPresetChange={setPreset}
        filters={filters}
        onFiltersChange={setFilters}
        options={options}
        onRefresh={refresh}
        refreshing={series.isFetching || overview.isFetching}
      />

      {failure && (
        <Alert tone="error" className="mb-4">
          {errorMessage(failure)}
        </Alert>
      )}

      {overview.data && <OverviewCards overview={overview.data} />}

      <section aria-labelledby="dashboards-series" className="mb-2">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="dashboards-series" className="text-sm font-semibold text-fg">
            {t(`charts.heading.${query.granularity}`)}
          </h2>
          <a href={exportHref(query, "series", locale)} download className="text-sm font-medium text-brand-700 underline">
            {t("charts.export")}
          </a>
        </div>
        {series.isPending && <p className="mb-6 text-sm text-muted">{t("loading")}</p>}
        {series.data && <SeriesCharts series={series.data} />}
      </section>

      <BreakdownPanel
        dimension={dimension}
        onDimensionChange={setDimension}
        breakdown={breakdown.data}
        loading={breakdown.isPending}
        exportHref={exportHref(query, dimension, locale)}
        onFilter={filterOn}
      />
      <TopQueriesCard />
    </>
  );
}
