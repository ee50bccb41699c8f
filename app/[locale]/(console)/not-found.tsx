import { FileQuestion } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/EmptyState";
import { buttonClasses } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Link } from "@/i18n/navigation";

/** 404 for console pages: shown inside the shell, with the navigation still at hand. */
export default async function ConsoleNotFound() {
  const t = await getTranslations("common");
  return (
    <Card>
      <EmptyState
        icon={<FileQuestion className="size-6" />}
        title={t("notFound.title")}
        description={<p>{t("notFound.body")}</p>}
        actions={
          <Link href="/" className={buttonClasses("secondary")}>
            {t("notFound.home")}
          </Link>
        }
      />
    </Card>
  );
}
