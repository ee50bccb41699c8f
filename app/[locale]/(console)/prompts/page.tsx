import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the prompts feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("prompts");

export default placeholderPage("prompts");
