import { setRequestLocale } from "next-intl/server";
import { TemplateOverview } from "@/components/prompts/template/TemplateOverview";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; name: string }> };

export async function generateMetadata({ params }: Props) {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

/** One template: labels (movable with prompts.publish), version history and version diff. */
export default async function PromptTemplatePage({ params }: Props) {
  const { locale, name } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <TemplateOverview name={decodeURIComponent(name)} canWrite={can(actor.role, "prompts.write")} canPublish={can(actor.role, "prompts.publish")} />;
}
