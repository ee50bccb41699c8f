import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the dashboards feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("dashboards");

export default placeholderPage("dashboards");
