import { getTranslations, setRequestLocale } from "next-intl/server";
import { LaunchForm } from "@/components/finetune/launch/LaunchForm";
import { requireActor } from "@/lib/auth/page-guard";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ baseModelId?: string | string[]; datasetVersionId?: string | string[] }>;
};

export async function generateMetadata() {
  const t = await getTranslations("fineTuning.launch");
  return { title: t("title") };
}

/** Renders the launch form for roles with training.launch; `?baseModelId=` and `?datasetVersionId=` preselect those choices. */
export default async function NewFineTuningJobPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("training.launch");
  const { baseModelId, datasetVersionId } = await searchParams;
  return (
    <LaunchForm
      initialBaseModelId={typeof baseModelId === "string" ? baseModelId : undefined}
      initialDatasetVersionId={typeof datasetVersionId === "string" ? datasetVersionId : undefined}
    />
  );
}
