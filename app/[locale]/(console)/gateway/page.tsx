import { getTranslations, setRequestLocale } from "next-intl/server";
import { ApiKeyList } from "@/components/gateway/ApiKeyList";
import { DeploymentList } from "@/components/gateway/DeploymentList";
import { GatewayTabs } from "@/components/gateway/GatewayTabs";
import { PageHeader } from "@/components/ui";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ tab?: string }> };

export async function generateMetadata() {
  const t = await getTranslations("gateway");
  return { title: t("title") };
}

/** Gateway area: deployments for every role, and API keys for admins (?tab=keys). */
export default async function GatewayPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const canManage = can(actor.role, "apiKeys.manage");
  const t = await getTranslations("gateway");
  const tab = (await searchParams).tab === "keys" && canManage ? "keys" : "deployments";

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <GatewayTabs active={tab} showKeys={canManage} />
      {tab === "keys" ? <ApiKeyList /> : <DeploymentList canManage={canManage} />}
    </>
  );
}
