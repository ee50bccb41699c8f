import { ReceiptText } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { buttonClasses, Card, CardBody } from "@/components/ui";
import { Link } from "@/i18n/navigation";

/** Renders the dashboards page's card that links to the usage log. */
export async function UsageLogLinkCard() {
  const t = await getTranslations("usage.link");
  return (
    <Card className="mt-4">
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <div className="flex items-start gap-3">
          <ReceiptText className="mt-0.5 size-5 text-brand-600" aria-hidden />
          <div>
            <h2 className="font-semibold">{t("title")}</h2>
            <p className="text-sm text-muted">{t("body")}</p>
          </div>
        </div>
        <Link href="/dashboards/usage" className={buttonClasses("secondary")}>
          {t("open")}
        </Link>
      </CardBody>
    </Card>
  );
}
