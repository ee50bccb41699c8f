import { getTranslations, setRequestLocale } from "next-intl/server";
import { PromptList } from "@/components/prompts/list/PromptList";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prompts");
  return { title: t("title") };
}

/** Lists the workspace's prompt templates with their labels; roles with prompts.write can create one. */
export default async function PromptsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <PromptList canWrite={can(actor.role, "prompts.write")} />;
}
