import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the gateway feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("gateway");

export default placeholderPage("gateway");
