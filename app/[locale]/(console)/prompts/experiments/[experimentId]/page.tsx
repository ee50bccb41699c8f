import { getTranslations, setRequestLocale } from "next-intl/server";
import { ExperimentDetail } from "@/components/experiments/detail/ExperimentDetail";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; experimentId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("experiments");
  return { title: t("title") };
}

/** Renders one experiment: live progress, accuracy with intervals per variant, and its rows. */
export default async function ExperimentPage({ params }: Props) {
  const { locale, experimentId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <ExperimentDetail experimentId={experimentId} canRun={can(actor.role, "evaluations.run")} />;
}
