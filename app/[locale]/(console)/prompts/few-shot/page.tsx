import { getTranslations, setRequestLocale } from "next-intl/server";
import { FewShotSetList } from "@/components/prompts/few-shot/FewShotSetList";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prompts.fewShot");
  return { title: t("title") };
}

/** Reusable few-shot example sets. */
export default async function FewShotSetsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <FewShotSetList canWrite={can(actor.role, "prompts.write")} />;
}
