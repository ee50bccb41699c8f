import { getTranslations, setRequestLocale } from "next-intl/server";
import { UsageLog } from "@/components/usage/UsageLog";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props) {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "usage" });
  return { title: t("title") };
}

/** Lists every model call of the workspace (playground, experiments, gateway) with tokens, latency and cost. */
export default async function UsageLogPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("console.read");
  return <UsageLog />;
}
