import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the playground feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("playground");

export default placeholderPage("playground");
