import { getTranslations, setRequestLocale } from "next-intl/server";
import { FewShotSetEditor } from "@/components/prompts/few-shot/FewShotSetEditor";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; setId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prompts.fewShot");
  return { title: t("title") };
}

/** Shows one few-shot set for editing: its name, description and examples. */
export default async function FewShotSetPage({ params }: Props) {
  const { locale, setId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <FewShotSetEditor setId={setId} canWrite={can(actor.role, "prompts.write")} />;
}
