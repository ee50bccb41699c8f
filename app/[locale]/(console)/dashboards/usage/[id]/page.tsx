import { getTranslations, setRequestLocale } from "next-intl/server";
import { RequestLogDetail } from "@/components/usage/RequestLogDetail";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateMetadata({ params }: Props) {
  const { locale, id } = await params;
  const t = await getTranslations({ locale, namespace: "usage.detail" });
  return { title: t("title", { id }) };
}

/** Renders one model call of the usage log; the client component loads it through the management API. */
export default async function RequestLogPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requireActor("console.read");
  return <RequestLogDetail id={id} />;
}
