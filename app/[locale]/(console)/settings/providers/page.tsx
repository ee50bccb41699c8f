import { getTranslations, setRequestLocale } from "next-intl/server";
import { ProviderList } from "@/components/providers/ProviderList";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("providers");
  return { title: t("title") };
}

/** Settings → Model providers: admins add providers, test them and import their models. */
export default async function ProvidersPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("providers.manage");
  return <ProviderList />;
}
