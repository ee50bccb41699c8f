import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/console/ConsoleShell";
import { Alert } from "@/components/ui/Alert";
import { Link } from "@/i18n/navigation";
import { visibleNavKeys } from "@/components/console/nav-items";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { getUser } from "@/lib/users/users";

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

/**
 * Renders the signed-in console around every console page. requireActor sends visitors without a valid
 * session to sign in. A page that needs more than console.read checks its own permission, because
 * layouts and pages render in parallel.
 */
export default async function ConsoleLayout({ children, params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);

  const actor = await requireActor();
  const profile = actor.userId ? await getUser(db(), actor, actor.userId) : null;
  const user = { name: profile?.name ?? actor.email ?? "", email: actor.email ?? "", role: actor.role };
  const banner = actor.userId ? await temporaryPasswordBanner(actor.userId) : null;

  return (
    <ConsoleShell user={user} navKeys={visibleNavKeys(actor.role)} banner={banner}>
      {children}
    </ConsoleShell>
  );
}

/** Asks users who still have a password an admin set (or the generated first one) to choose their own. */
async function temporaryPasswordBanner(userId: string) {
  const account = await db().user.findUnique({ where: { id: userId }, select: { mustChangePassword: true } });
  if (!account?.mustChangePassword) return null;

  const t = await getTranslations("common.temporaryPassword");
  return (
    <Alert tone="warning" title={t("title")}>
      {t("body")}{" "}
      <Link href="/profile" className="font-medium underline">
        {t("action")}
      </Link>
    </Alert>
  );
}
