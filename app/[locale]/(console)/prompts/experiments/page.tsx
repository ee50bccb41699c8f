import { getTranslations, setRequestLocale } from "next-intl/server";
import { ExperimentList } from "@/components/experiments/list/ExperimentList";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("experiments");
  return { title: t("title") };
}

/** Lists prompt experiments; roles with evaluations.run also get "New experiment". */
export default async function ExperimentsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <ExperimentList canRun={can(actor.role, "evaluations.run")} />;
}
