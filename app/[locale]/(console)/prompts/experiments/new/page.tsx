import { getTranslations, setRequestLocale } from "next-intl/server";
import { NewExperimentForm } from "@/components/experiments/new/NewExperimentForm";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ templateId?: string | string[] }> };

export async function generateMetadata() {
  const t = await getTranslations("experiments.create");
  return { title: t("title") };
}

/** Renders the "New experiment" form; `?templateId=` preselects a template. */
export default async function NewExperimentPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("evaluations.run");
  const { templateId } = await searchParams;
  return <NewExperimentForm templateId={typeof templateId === "string" ? templateId : undefined} />;
}
