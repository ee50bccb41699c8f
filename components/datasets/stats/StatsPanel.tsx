"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui";
import type { VersionOption } from "@/components/datasets/rows/types";
import type { DatasetType } from "@/lib/datasets/model";
import { useServerVersionSync } from "@/components/datasets/rows/use-dataset-sync";
import { useSetQueryParams } from "@/components/datasets/rows/use-query-params";
import { useVersionName, VersionSelect } from "@/components/datasets/rows/VersionSelect";
import type { SeriesNames } from "./ChartCard";
import { DuplicateRateCard } from "./DuplicateRateCard";
import { LabelChart } from "./LabelChart";
import { LanguageChart } from "./LanguageChart";
import { ReviewProgressCard } from "./ReviewProgressCard";
import { SplitChart } from "./SplitChart";
import type { PartialStats } from "./stats-data";
import { TokenHistogramChart } from "./TokenHistogramChart";
import { TokenSummaryCard } from "./TokenSummaryCard";

export type VersionStats = { version: VersionOption; stats: PartialStats | null };

export type StatsPanelProps = {
  datasetId: string;
  /** Only classification rows keep labels, so other types get no label chart or label count. */
  datasetType: DatasetType | null;
  versions: VersionOption[];
  primary: VersionStats;
  compared: VersionStats | null;
};

/**
 * Renders the statistics page body: charts of one version's statistics, and of a second version overlaid when
 * one is chosen to compare. Both choices live in the URL (`v` and `compare`), so a comparison can be shared.
 */
export function StatsPanel({ datasetId, datasetType, versions, primary, compared }: StatsPanelProps) {
  const t = useTranslations("datasetRows.stats");
  const setQueryParams = useSetQueryParams();
  const versionName = useVersionName();
  useServerVersionSync(datasetId, versions);

  const names: SeriesNames = { a: versionName(primary.version), b: compared ? versionName(compared.version) : null };
  const a = primary.stats;
  const b = compared?.stats ?? null;
  const charts = { a, b, names };
  const showLabels = datasetType === "classification";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-4">
        <VersionSelect versions={versions} value={primary.version.id} onChange={(id) => setQueryParams({ v: id })} label={t("version")} className="w-60" />
        <VersionSelect
          versions={versions.filter((version) => version.id !== primary.version.id)}
          value={compared?.version.id ?? ""}
          onChange={(id) => setQueryParams({ compare: id || null })}
          label={t("compareWith")}
          emptyOption={t("noComparison")}
          className="w-60"
        />
      </div>

      {!a && <Alert tone="info">{primary.version.status === "draft" ? t("draftWithoutStats") : t("versionWithoutStats")}</Alert>}
      {compared && !b && <Alert tone="info">{t("comparedWithoutStats", { name: names.b ?? "" })}</Alert>}

      {(a || b) && (
        <div className="grid gap-6 lg:grid-cols-2">
          <TokenSummaryCard {...charts} showLabels={showLabels} />
          <DuplicateRateCard {...charts} />
          <SplitChart {...charts} />
          <ReviewProgressCard {...charts} />
          <div className="lg:col-span-2">
            <TokenHistogramChart {...charts} />
          </div>
          <div className="lg:col-span-2">
            <LanguageChart {...charts} />
          </div>
          {showLabels && (
            <div className="lg:col-span-2">
              <LabelChart {...charts} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
