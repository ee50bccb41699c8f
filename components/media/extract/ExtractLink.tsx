"use client";

import { ScanText } from "lucide-react";
import { useTranslations } from "next-intl";
import { buttonClasses } from "@/components/ui";
import { Link } from "@/i18n/navigation";

/** Renders the gallery header's link to the field extraction page. */
export function ExtractLink() {
  const t = useTranslations("mediaExtract");
  return (
    <Link href="/multimodal/extract" className={buttonClasses("secondary", "md")}>
      <ScanText className="size-4" aria-hidden />
      {t("openExtract")}
    </Link>
  );
}
