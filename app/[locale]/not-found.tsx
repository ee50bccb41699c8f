import { getTranslations } from "next-intl/server";
import { StandalonePage } from "@/components/console/StandalonePage";
import { buttonClasses } from "@/components/ui/Button";
import { Link } from "@/i18n/navigation";

/** 404 for pages outside the console, such as an unknown invitation link. */
export default async function LocaleNotFound() {
  const t = await getTranslations("common");
  return (
    <StandalonePage>
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-lg font-semibold text-fg">{t("notFound.title")}</h1>
      <p className="mt-2 text-sm leading-relaxed text-muted">{t("notFound.body")}</p>
      <Link href="/" className={buttonClasses("secondary", "md", "mt-6")}>
        {t("notFound.home")}
      </Link>
    </StandalonePage>
  );
}
