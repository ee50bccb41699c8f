import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeploymentDetail } from "@/components/gateway/DeploymentDetail";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { gatewayBaseUrl } from "@/lib/gateway/admin/gateway-url";

type Props = { params: Promise<{ locale: string; deploymentId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("gateway");
  return { title: t("title") };
}

/** Renders one deployment: canary state and controls, how to call it, and its settings (editable by admins). */
export default async function DeploymentPage({ params }: Props) {
  const { locale, deploymentId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <DeploymentDetail deploymentId={deploymentId} canManage={can(actor.role, "apiKeys.manage")} gatewayUrl={gatewayBaseUrl()} />;
}
