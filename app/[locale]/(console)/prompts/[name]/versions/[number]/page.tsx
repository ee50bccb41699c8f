import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { VersionDetail } from "@/components/prompts/version/VersionDetail";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; name: string; number: string }> };

export async function generateMetadata({ params }: Props) {
  const { name, number } = await params;
  return { title: `${decodeURIComponent(name)} v${number}` };
}

/** One immutable version with a form that renders it with values. */
export default async function PromptVersionPage({ params }: Props) {
  const { locale, name, number } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const versionNumber = Number(number);
  if (!Number.isInteger(versionNumber) || versionNumber < 1) notFound();
  return <VersionDetail name={decodeURIComponent(name)} number={versionNumber} canWrite={can(actor.role, "prompts.write")} />;
}
