import { getTranslations, setRequestLocale } from "next-intl/server";
import { Suspense } from "react";
import { CleanPanel } from "@/components/datasets/clean/CleanPanel";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { defaultCleanConfig } from "@/lib/datasets/transform/clean";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasets.clean");
  return { title: t("title") };
}

/** Renders the Clean tab with the cleaning module's defaults, so the form starts from the worker's defaults. */
export default async function DatasetCleanPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");

  return (
    <Suspense>
      <CleanPanel datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} defaults={defaultCleanConfig} />
    </Suspense>
  );
}
