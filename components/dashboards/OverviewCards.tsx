"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Card, CardBody, cn } from "@/components/ui";
import { useDashboardFormat } from "./format";
import type { Change, UsageOverview } from "./types";

/** Renders today's figures so far, with token and request changes against yesterday. */
export function OverviewCards({ overview }: { overview: UsageOverview }) {
  const t = useTranslations("dashboards.overview");
  const f = useDashboardFormat();
  const { today } = overview;

  return (
    <section aria-labelledby="dashboards-overview" className="mb-6">
      <h2 id="dashboards-overview" className="mb-2 text-sm font-semibold text-fg">
        {t("title", { start: f.format.dateTime(new Date(overview.todayStart), { dateStyle: "medium", timeStyle: "short" }) })}
      </h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <StatCard label={t("tokens")} value={f.count(today.totalTokens)}>
          <p className="text-xs text-muted">{t("tokensDetail", { input: f.count(today.inputTokens), output: f.count(today.outputTokens) })}</p>
          <ChangeLine change={overview.changes.totalTokens} yesterdaySameTime={f.count(overview.yesterdaySameTime.totalTokens)} yesterday={f.count(overview.yesterday.totalTokens)} />
        </StatCard>
        <StatCard label={t("requests")} value={f.count(today.requests)}>
          <ChangeLine change={overview.changes.requests} yesterdaySameTime={f.count(overview.yesterdaySameTime.requests)} yesterday={f.count(overview.yesterday.requests)} />
        </StatCard>
        <StatCard label={t("errorRate")} value={f.percent(today.errorRate)}>
          <p className="text-xs text-muted">{t("errorsDetail", { count: today.errors })}</p>
        </StatCard>
        <StatCard label={t("latency")} value={t("latencyValue", { avg: f.milliseconds(today.avgLatencyMs), p95: f.milliseconds(today.p95LatencyMs) })}>
          <p className="text-xs text-muted">{t("ttftDetail", { ttft: f.milliseconds(today.avgTtftMs) })}</p>
        </StatCard>
        <StatCard label={t("cost")} value={today.costs.length === 0 ? "—" : null}>
          {today.costs.map((entry) => (
            <p key={entry.currency} className="text-lg font-semibold tabular-nums">
              {f.money(entry.cost, entry.currency)}
            </p>
          ))}
          <p className="text-xs text-muted">{t("costNote")}</p>
        </StatCard>
        <StatCard label={t("cacheHitRate")} value={f.percent(today.cacheHitRate)}>
          <p className="text-xs text-muted">{t("cacheDetail", { count: today.cacheHits })}</p>
        </StatCard>
      </div>
    </section>
  );
}

function StatCard({ label, value, children }: { label: string; value: string | null; children?: ReactNode }) {
  return (
    <Card>
      <CardBody className="space-y-1">
        <p className="text-xs font-medium text-muted">{label}</p>
        {value !== null && <p className="text-2xl font-semibold tabular-nums">{value}</p>}
        {children}
      </CardBody>
    </Card>
  );
}

/** Renders the percent changes against yesterday up to now and against all of yesterday; up is green, down is amber. */
function ChangeLine({ change, yesterdaySameTime, yesterday }: { change: Change; yesterdaySameTime: string; yesterday: string }) {
  const t = useTranslations("dashboards.overview");
  const f = useDashboardFormat();
  const text = (value: number | null) => (value === null ? t("noBase") : f.format.number(value / 100, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }));
  const tone = (value: number | null) => {
    if (value === null || value === 0) return "text-muted";
    return value > 0 ? "text-emerald-700" : "text-amber-700";
  };

  return (
    <ul className="space-y-0.5 text-xs">
      <li>
        <span className={cn("font-medium tabular-nums", tone(change.vsSameTime))}>{text(change.vsSameTime)}</span>{" "}
        <span className="text-muted">{t("vsSameTime", { value: yesterdaySameTime })}</span>
      </li>
      <li>
        <span className={cn("font-medium tabular-nums", tone(change.vsYesterday))}>{text(change.vsYesterday)}</span>{" "}
        <span className="text-muted">{t("vsYesterday", { value: yesterday })}</span>
      </li>
    </ul>
  );
}
