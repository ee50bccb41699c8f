import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/EmptyState";
import { Badge } from "@/components/ui/Badge";
import { buttonClasses } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { PageHeader } from "@/components/ui/PageHeader";
import { Link } from "@/i18n/navigation";
import { navItem, type NavKey } from "./nav-items";

/** Areas whose page is a placeholder until their feature ships; each has `areas.<key>.empty*` messages. */
export type PlaceholderArea = Exclude<NavKey, "home" | "audit" | "settings">;

type PageProps = { params: Promise<{ locale: string }> };

/** Builds the page component for a console area that is not built yet: its title and an empty state. */
export function placeholderPage(area: PlaceholderArea) {
  return async function AreaPlaceholderPage({ params }: PageProps) {
    const { locale } = await params;
    setRequestLocale(locale);

    const t = await getTranslations("areas");
    const tCommon = await getTranslations("common");
    const Icon = navItem(area).icon;

    return (
      <>
        <PageHeader title={t(`${area}.title`)} description={t(`${area}.summary`)} />
        <Card>
          <EmptyState
            icon={<Icon className="size-6" />}
            badge={<Badge tone="brand">{tCommon("comingSoon")}</Badge>}
            title={t(`${area}.emptyTitle`)}
            description={<p>{t(`${area}.emptyBody`)}</p>}
            actions={
              <Link href="/" className={buttonClasses("secondary")}>
                {tCommon("backToOverview")}
              </Link>
            }
          />
        </Card>
      </>
    );
  };
}

/** Builds generateMetadata for an area page: the area's title in the page's language. */
export function areaMetadata(area: NavKey) {
  return async function generateMetadata({ params }: PageProps): Promise<Metadata> {
    const { locale } = await params;
    const t = await getTranslations({ locale, namespace: "nav" });
    return { title: t(area) };
  };
}
