import { getTranslations, setRequestLocale } from "next-intl/server";
import { ComparisonView } from "@/components/finetune/compare/ComparisonView";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { buildComparison, listComparedVersions, readGainRecord } from "@/lib/finetune/compare-data";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ version?: string | string[] }> };

export async function generateMetadata() {
  const t = await getTranslations("fineTuningCompare");
  return { title: t("title") };
}

/**
 * Compares base (zero-shot), LoRA, full and prompt-tuning runs with their compute cost, for one dataset
 * version (`?version=`) or all, and shows the measured benchmark record from the repository.
 */
export default async function FineTuningComparePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const { version } = await searchParams;

  const versions = await listComparedVersions(db(), actor);
  const chosen = typeof version === "string" && versions.some((choice) => choice.id === version) ? version : null;
  const [entries, gain] = await Promise.all([buildComparison(db(), actor, chosen), readGainRecord()]);
  return <ComparisonView versions={versions} versionId={chosen} entries={entries} gain={gain} />;
}
