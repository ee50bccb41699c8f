import { getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ExportPanel } from "@/components/datasets/export/ExportPanel";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getDataset } from "@/lib/datasets/datasets";
import { EXPORT_FORMATS, supportedExportFormats } from "@/lib/datasets/transform/export";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasets.export");
  return { title: t("title") };
}

/** Renders the Export tab, offering the formats that the export writer supports for the dataset's type. */
export default async function DatasetExportPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  // Layouts and pages render in parallel, so this page handles a missing dataset itself.
  const dataset = await getDataset(db(), actor, datasetId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const supportedFormats = dataset.type ? supportedExportFormats(dataset.type) : [...EXPORT_FORMATS];

  return (
    <Suspense>
      <ExportPanel datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} supportedFormats={supportedFormats} />
    </Suspense>
  );
}
