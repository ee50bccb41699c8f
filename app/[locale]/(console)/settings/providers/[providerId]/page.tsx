import { getTranslations, setRequestLocale } from "next-intl/server";
import { ProviderDetail } from "@/components/providers/ProviderDetail";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string; providerId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("providers");
  return { title: t("title") };
}

/** Renders one provider: its settings, connection test, models, prices and model import. */
export default async function ProviderPage({ params }: Props) {
  const { locale, providerId } = await params;
  setRequestLocale(locale);
  await requireActor("providers.manage");
  return <ProviderDetail providerId={providerId} />;
}
