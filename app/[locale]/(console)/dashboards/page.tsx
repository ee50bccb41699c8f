import { setRequestLocale } from "next-intl/server";
import { areaMetadata } from "@/components/console/AreaPlaceholder";
import { DashboardsView } from "@/components/dashboards/DashboardsView";
import { requireActor } from "@/lib/auth/page-guard";

export const generateMetadata = areaMetadata("dashboards");

type Props = { params: Promise<{ locale: string }> };

/** Cost, latency and usage dashboards of the workspace, read from the usage roll-ups. */
export default async function DashboardsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireActor("console.read");
  return <DashboardsView />;
}
