import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the multimodal feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("multimodal");

export default placeholderPage("multimodal");
