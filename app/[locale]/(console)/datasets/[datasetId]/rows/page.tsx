import { getTranslations, setRequestLocale } from "next-intl/server";
import { loadDatasetView, pickVersion, queryParam, toVersionOption } from "@/components/datasets/rows/load-dataset-view";
import { NoVersionYet } from "@/components/datasets/NoVersionYet";
import { RowsPanel } from "@/components/datasets/rows/RowsPanel";
import { labelChoices } from "@/components/datasets/stats/stats-data";
import { TabHeader } from "@/components/datasets/TabHeader";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = {
  params: Promise<{ locale: string; datasetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata() {
  const t = await getTranslations("datasetRows");
  return { title: t("rows.title") };
}

/** Renders the Rows tab: every row of one version in a virtualised table, with filters and a side panel to read and edit a row. */
export default async function DatasetRowsPage({ params, searchParams }: Props) {
  const [{ locale, datasetId }, query] = await Promise.all([params, searchParams]);
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const canWrite = can(actor.role, "datasets.write");
  const [{ dataset, versions }, t] = await Promise.all([loadDatasetView(actor, datasetId), getTranslations("datasetRows")]);

  const header = <TabHeader title={t("rows.title")} description={t("rows.description")} />;
  const version = pickVersion(versions, queryParam(query, "v"));
  if (!version) {
    return (
      <div className="space-y-4">
        {header}
        <NoVersionYet datasetId={dataset.id} canWrite={canWrite} />
      </div>
    );
  }

  // A draft has no statistics until it is saved, so its label choices come from the newest ready version.
  const stats = version.stats ?? versions.find((candidate) => candidate.status === "ready")?.stats ?? null;

  return (
    <div className="space-y-4">
      {header}
      <RowsPanel
        dataset={dataset}
        versions={versions.map(toVersionOption)}
        version={toVersionOption(version)}
        canWrite={canWrite}
        labelOptions={labelChoices(dataset.labelSet, stats)}
      />
    </div>
  );
}
