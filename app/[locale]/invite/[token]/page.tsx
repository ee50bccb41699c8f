import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { buttonClasses, Card, CardBody } from "@/components/ui";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { describeInvitation } from "@/lib/users/invitation-view";
import { AcceptInvitationForm } from "./AcceptInvitationForm";

export async function generateMetadata() {
  const t = await getTranslations("invite");
  return { title: t("title") };
}

type InvitePageProps = { params: Promise<{ locale: string; token: string }> };

/** Public page behind an invitation link: shows the invitation and lets the invitee choose a password. */
export default async function InvitePage({ params }: InvitePageProps) {
  const { locale, token } = await params;
  const [t, tCommon, format] = await Promise.all([getTranslations("invite"), getTranslations("common"), getFormatter()]);
  const invitation = await describeInvitation(db(), token).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });

  return (
    <main className="flex min-h-screen items-center justify-center bg-subtle px-4 py-12">
      <Card className="w-full max-w-md">
        {invitation ? (
          <>
            <InviteHeading
              title={t("title")}
              description={t("summary", {
                inviter: invitation.invitedBy?.name ?? t("unknownInviter"),
                name: invitation.name,
                email: invitation.email,
                role: tCommon(`roles.${invitation.role}`),
              })}
            />
            <CardBody className="space-y-4">
              <p className="text-xs text-muted">{t("expires", { date: format.dateTime(invitation.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
              <AcceptInvitationForm token={token} />
            </CardBody>
          </>
        ) : (
          <>
            <InviteHeading title={t("invalid.title")} description={t("invalid.description")} />
            <CardBody>
              <Link href={`/${locale}/sign-in`} className={buttonClasses("secondary")}>
                {t("goToSignIn")}
              </Link>
            </CardBody>
          </>
        )}
      </Card>
    </main>
  );
}

// The page has no console header, so the card's title is the page's h1.
function InviteHeading({ title, description }: { title: string; description: string }) {
  return (
    <div className="space-y-1 border-b border-border px-5 py-4">
      <h1 className="text-lg font-semibold text-fg">{title}</h1>
      <p className="text-sm text-muted">{description}</p>
    </div>
  );
}
