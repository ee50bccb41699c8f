import { getTranslations, setRequestLocale } from "next-intl/server";
import { AllowRulesPanel } from "@/components/providers/AllowRulesPanel";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("providers.network");
  return { title: t("title") };
}

/** Settings → Network: the allow rules that let server-side requests reach private hosts. */
export default async function NetworkPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("providers.manage");
  return <AllowRulesPanel />;
}
