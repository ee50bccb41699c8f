import { getTranslations, setRequestLocale } from "next-intl/server";
import { Suspense } from "react";
import { SplitPanel } from "@/components/datasets/split/SplitPanel";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasets.split");
  return { title: t("title") };
}

/** Renders the Split tab. */
export default async function DatasetSplitPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");

  return (
    <Suspense>
      <SplitPanel datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} />
    </Suspense>
  );
}
