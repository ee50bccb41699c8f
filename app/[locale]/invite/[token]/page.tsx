import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Suspense } from "react";
import { LocaleSwitcher } from "@/components/console/LocaleSwitcher";
import { StandalonePage } from "@/components/console/StandalonePage";
import { buttonClasses } from "@/components/ui";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { describeInvitation } from "@/lib/users/invitation-view";
import { AcceptInvitationForm } from "./AcceptInvitationForm";

export async function generateMetadata() {
  const t = await getTranslations("invite");
  return { title: t("title") };
}

type InvitePageProps = { params: Promise<{ locale: string; token: string }> };

/** Renders the public page behind an invitation link, which shows the invitation and lets the invitee choose a password. */
export default async function InvitePage({ params }: InvitePageProps) {
  const { locale, token } = await params;
  const [t, tCommon, format] = await Promise.all([getTranslations("invite"), getTranslations("common"), getFormatter()]);
  const invitation = await describeInvitation(db(), token).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });

  const switcher = (
    <Suspense>
      <LocaleSwitcher persist={false} />
    </Suspense>
  );

  if (!invitation) {
    return (
      <StandalonePage topRight={switcher}>
        <h1 className="text-xl font-semibold tracking-tight text-fg">{t("invalid.title")}</h1>
        <p className="mt-1.5 text-sm text-muted">{t("invalid.description")}</p>
        <Link href={`/${locale}/sign-in`} className={buttonClasses("secondary", "md", "mt-6")}>
          {t("goToSignIn")}
        </Link>
      </StandalonePage>
    );
  }

  const summary = t("summary", {
    inviter: invitation.invitedBy?.name ?? t("unknownInviter"),
    name: invitation.name,
    email: invitation.email,
    role: tCommon(`roles.${invitation.role}`),
  });

  return (
    <StandalonePage topRight={switcher} wide>
      <h1 className="text-xl font-semibold tracking-tight text-fg">{t("title")}</h1>
      <p className="mt-1.5 text-sm text-muted">{summary}</p>
      <p className="mt-1 text-xs text-muted">{t("expires", { date: format.dateTime(invitation.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      <div className="mt-6">
        <AcceptInvitationForm token={token} />
      </div>
    </StandalonePage>
  );
}
