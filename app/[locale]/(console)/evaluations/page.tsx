import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the evaluations feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("evaluations");

export default placeholderPage("evaluations");
