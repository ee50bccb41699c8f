import { areaMetadata, placeholderPage } from "@/components/console/AreaPlaceholder";

// TODO: replace the placeholder with the knowledge-bases feature; the empty state describes what it will offer.
export const generateMetadata = areaMetadata("knowledgeBases");

export default placeholderPage("knowledgeBases");
