import { getTranslations, setRequestLocale } from "next-intl/server";
import { VersionEditor } from "@/components/prompts/editor/VersionEditor";
import { requireActor } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";

type Props = { params: Promise<{ locale: string; name: string }>; searchParams: Promise<{ from?: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prompts.editor");
  return { title: t("pageTitle") };
}

/** The editor for a template's next version, started from ?from=N or the newest version. */
export default async function NewPromptVersionPage({ params, searchParams }: Props) {
  const { locale, name } = await params;
  setRequestLocale(locale);
  await requireActor("prompts.write");
  const from = Number((await searchParams).from);
  return <VersionEditor name={decodeURIComponent(name)} from={Number.isInteger(from) && from > 0 ? from : null} maxSamples={env().LUODI_MAX_SAMPLES} />;
}
