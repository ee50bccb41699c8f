import { getTranslations, setRequestLocale } from "next-intl/server";
import { ImportHistory } from "@/components/datasets/import/ImportHistory";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasets.history");
  return { title: t("title") };
}

/** Renders the dataset's import history. */
export default async function DatasetImportsPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <ImportHistory datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} />;
}
