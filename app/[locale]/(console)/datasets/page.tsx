import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the datasets feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("datasets");

export default placeholderPage("datasets");
