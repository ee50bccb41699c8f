import type { Metadata } from "next";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { LocaleSwitcher } from "@/components/console/LocaleSwitcher";
import { StandalonePage } from "@/components/console/StandalonePage";
import { routing } from "@/i18n/routing";
import { getActor } from "@/lib/auth/session";
import { safeCallbackPath, withLocale } from "./callback-url";
import { SignInForm, type SignInNotice } from "./SignInForm";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "auth" });
  return { title: t("signIn.metaTitle") };
}

// Values of `reason` that the proxy, the user menu, the password form and the invitation form put in the
// sign-in link.
const notices = {
  expired: "expired",
  "signed-out": "signedOut",
  "password-changed": "passwordChanged",
  "invitation-accepted": "invitationAccepted",
} as const satisfies Record<string, SignInNotice>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * Email and password sign-in. `reason=expired|signed-out|password-changed|invitation-accepted` shows a
 * notice; `error` is next-auth's code.
 */
export default async function SignInPage({ params, searchParams }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);

  const query = await searchParams;
  const host = (await headers()).get("host");
  const callbackPath = safeCallbackPath(first(query.callbackUrl), host);

  // A valid session skips the form; an invalid one (expired, signed out elsewhere) shows it.
  if (await getActor()) redirect(withLocale(callbackPath ?? "/", locale));

  const t = await getTranslations("auth.signIn");
  const reason = first(query.reason);
  const notice: SignInNotice | null = reason && Object.hasOwn(notices, reason) ? notices[reason as keyof typeof notices] : null;

  return (
    <StandalonePage
      topRight={
        <Suspense>
          <LocaleSwitcher persist={false} />
        </Suspense>
      }
    >
      <h1 className="text-xl font-semibold tracking-tight text-fg">{t("title")}</h1>
      <p className="mt-1.5 text-sm text-muted">{t("subtitle")}</p>
      <SignInForm callbackUrl={callbackPath} notice={notice} initialError={first(query.error)} />
      <p className="mt-6 border-t border-border pt-4 text-xs leading-relaxed text-muted">{t("forgotPassword")}</p>
    </StandalonePage>
  );
}
