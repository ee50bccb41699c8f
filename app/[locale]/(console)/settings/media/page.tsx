import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "@/components/ui/PageHeader";
import { requireActor } from "@/lib/auth/page-guard";
import { MediaTextPolicyForm } from "./MediaTextPolicyForm";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("mediaAudio.policy");
  return { title: t("title") };
}

/** Settings → Media text: the admin switch that keeps OCR text and transcripts unmasked. */
export default async function MediaSettingsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("policies.manage");
  const t = await getTranslations("mediaAudio.policy");

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <MediaTextPolicyForm />
    </>
  );
}
