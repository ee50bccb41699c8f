import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeploymentForm } from "@/components/gateway/DeploymentForm";
import { PageHeader } from "@/components/ui";
import { requireActor } from "@/lib/auth/page-guard";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("gateway.form");
  return { title: t("newTitle") };
}

/** Creates a deployment; admins only. */
export default async function NewDeploymentPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("apiKeys.manage");
  const t = await getTranslations("gateway.form");

  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <DeploymentForm />
    </>
  );
}
