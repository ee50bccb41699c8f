import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the fine-tuning feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("fineTuning");

export default placeholderPage("fineTuning");
