import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { StandalonePage } from "@/components/console/StandalonePage";
import { buttonClasses } from "@/components/ui/Button";
import { Link } from "@/i18n/navigation";
import { getActor } from "@/lib/auth/session";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "auth" });
  return { title: t("forbidden.metaTitle") };
}

/** Where requireActor sends a signed-in user whose role lacks a page's permission. */
export default async function ForbiddenPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);

  const actor = await getActor();
  if (!actor) redirect(`/${locale}/sign-in`);

  const t = await getTranslations("auth.forbidden");
  const tCommon = await getTranslations("common");

  return (
    <StandalonePage wide>
      <div aria-hidden className="mb-4 grid size-11 place-items-center rounded-full bg-amber-50 text-amber-600">
        <ShieldAlert className="size-6" />
      </div>
      <p className="text-sm font-semibold text-amber-700">403</p>
      <h1 className="mt-1 text-lg font-semibold text-fg">{t("title")}</h1>
      <p className="mt-3 text-sm leading-relaxed text-fg">
        {t("body", { email: actor.email ?? "", role: tCommon(`roles.${actor.role}`) })}
      </p>
      <p className="mt-2 text-sm leading-relaxed text-muted">{t("whatToDo")}</p>
      <Link href="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t("back")}
      </Link>
    </StandalonePage>
  );
}
