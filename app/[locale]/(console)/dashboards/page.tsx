import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";
import { UsageLogLinkCard } from "@/components/usage/UsageLogLinkCard";

// TODO: replace the placeholder with the dashboards feature; the empty state describes what it will offer.
// The usage log is the first part that exists, so the page links to it.
export const generateMetadata = areaMetadata("dashboards");

const Placeholder = placeholderPage("dashboards");

export default async function DashboardsPage(props: { params: Promise<{ locale: string }> }) {
  return (
    <>
      {await Placeholder(props)}
      <UsageLogLinkCard />
    </>
  );
}
