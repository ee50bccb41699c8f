import { getTranslations, setRequestLocale } from "next-intl/server";
import { Suspense } from "react";
import { ImportWizard } from "@/components/datasets/import/ImportWizard";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("datasets.wizard");
  return { title: t("title") };
}

/** Renders the import wizard. Roles without datasets.write can follow an import (`?import=`) but not start or change one. */
export default async function DatasetImportPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");

  return (
    <Suspense>
      <ImportWizard datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} />
    </Suspense>
  );
}
