import { getTranslations, setRequestLocale } from "next-intl/server";
import { NoVersionYet } from "@/components/datasets/NoVersionYet";
import { loadDatasetView, queryParam, toVersionOption, type VersionWithStats } from "@/components/datasets/rows/load-dataset-view";
import { StatsPanel } from "@/components/datasets/stats/StatsPanel";
import { TabHeader } from "@/components/datasets/TabHeader";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = {
  params: Promise<{ locale: string; datasetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata() {
  const t = await getTranslations("datasetRows");
  return { title: t("stats.title") };
}

/** Renders the Statistics tab: charts of a version's statistics, optionally compared with a second version (`?compare=`). */
export default async function DatasetStatsPage({ params, searchParams }: Props) {
  const [{ locale, datasetId }, query] = await Promise.all([params, searchParams]);
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const [{ dataset, versions }, t] = await Promise.all([loadDatasetView(actor, datasetId), getTranslations("datasetRows")]);

  // Drafts get statistics only when saved, so they are offered only if they have some.
  const choices = versions.filter((version) => version.status === "ready" || version.stats !== null);
  const byId = (id: string | undefined) => choices.find((version) => version.id === id);
  const primary = byId(queryParam(query, "v")) ?? choices.find((version) => version.status === "ready") ?? choices[0];

  const comparedId = queryParam(query, "compare");
  const compared = primary && comparedId && comparedId !== primary.id ? byId(comparedId) : undefined;
  const toProps = (version: VersionWithStats) => ({ version: toVersionOption(version), stats: version.stats });

  return (
    <div className="space-y-4">
      <TabHeader title={t("stats.title")} description={t("stats.description")} />
      {primary ? (
        <StatsPanel datasetId={dataset.id} datasetType={dataset.type} versions={choices.map(toVersionOption)} primary={toProps(primary)} compared={compared ? toProps(compared) : null} />
      ) : (
        <NoVersionYet datasetId={dataset.id} canWrite={can(actor.role, "datasets.write")} />
      )}
    </div>
  );
}
