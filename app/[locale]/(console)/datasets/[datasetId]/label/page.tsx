import { getTranslations, setRequestLocale } from "next-intl/server";
import { NoVersionYet } from "@/components/datasets/NoVersionYet";
import { LabelingQueue } from "@/components/datasets/rows/LabelingQueue";
import { loadDatasetView, toVersionOption } from "@/components/datasets/rows/load-dataset-view";
import { labelChoices } from "@/components/datasets/stats/stats-data";
import { TabHeader } from "@/components/datasets/TabHeader";
import { Alert, buttonClasses } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasetRows");
  return { title: t("queue.title") };
}

/** Renders the Label tab: a keyboard-driven queue that labels and reviews the draft's rows one at a time. */
export default async function DatasetLabelPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const canWrite = can(actor.role, "datasets.write");
  const [{ dataset, versions }, t] = await Promise.all([loadDatasetView(actor, datasetId), getTranslations("datasetRows")]);

  const draft = versions.find((version) => version.status === "draft") ?? null;
  // A draft has no statistics until it is saved, so label choices fall back to the newest ready version's.
  const stats = draft?.stats ?? versions.find((version) => version.status === "ready")?.stats ?? null;

  let body;
  if (versions.length === 0) {
    body = <NoVersionYet datasetId={dataset.id} canWrite={canWrite} />;
  } else if (!canWrite) {
    body = (
      <Alert tone="info" title={t("queue.readOnly.title")}>
        <p>{t("queue.readOnly.body")}</p>
        <Link href={`/datasets/${encodeURIComponent(dataset.id)}/rows`} className={buttonClasses("secondary", "sm", "mt-3")}>
          {t("queue.readOnly.action")}
        </Link>
      </Alert>
    );
  } else {
    body = (
      <LabelingQueue
        dataset={dataset}
        draftId={draft?.id ?? null}
        versions={versions.map(toVersionOption)}
        // Only classification rows keep labels; for other types the queue reviews rows without labelling them.
        labelChoices={dataset.type === "classification" ? labelChoices(dataset.labelSet, stats) : []}
      />
    );
  }

  return (
    <div className="space-y-4">
      <TabHeader title={t("queue.title")} description={t("queue.description")} />
      {body}
    </div>
  );
}
