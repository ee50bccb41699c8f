"use client";

import { signIn } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { FormField } from "@/components/ui/FormField";
import { Input } from "@/components/ui/Input";
import { signInDestination, signInRetryAfterMinutes } from "./actions";

export type SignInNotice = "expired" | "signedOut" | "passwordChanged" | "invitationAccepted";

type Failure =
  | { kind: "missingFields" | "invalidCredentials" | "rateLimited" | "internal" | "network" }
  | { kind: "rateLimitedMinutes"; minutes: number };

/**
 * Maps the error code that authorize() throws (and next-auth passes on) to what the form shows.
 * next-auth reports its own "CredentialsSignin" for a null user, which authorize() never returns.
 */
function failureFor(code: string): Failure {
  if (code === "UNAUTHENTICATED" || code === "CredentialsSignin") return { kind: "invalidCredentials" };
  if (code === "RATE_LIMITED") return { kind: "rateLimited" };
  if (code === "INVALID_INPUT") return { kind: "missingFields" };
  return { kind: "internal" };
}

export function SignInForm({ callbackUrl, notice, initialError }: { callbackUrl: string | null; notice: SignInNotice | null; initialError: string | null }) {
  const t = useTranslations("auth.signIn");
  const locale = useLocale();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(initialError ? failureFor(initialError) : null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setFailure({ kind: "missingFields" });
      return;
    }

    setSubmitting(true);
    setFailure(null);
    try {
      const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
      if (!result) throw new Error("next-auth returned no result");

      if (result.error) {
        let next = failureFor(result.error);
        if (next.kind === "rateLimited") {
          const minutes = await signInRetryAfterMinutes(email);
          if (minutes) next = { kind: "rateLimitedMinutes", minutes };
        }
        setFailure(next);
        setPassword("");
        setSubmitting(false);
        return;
      }

      const { url } = await signInDestination({ callbackUrl, locale });
      // A full page load, so the new session and (possibly) new language apply to every component.
      window.location.assign(url);
    } catch {
      setFailure({ kind: "network" });
      setSubmitting(false);
    }
  }

  const errorText = failure
    ? failure.kind === "rateLimitedMinutes"
      ? t("errors.rateLimitedMinutes", { minutes: failure.minutes })
      : t(`errors.${failure.kind}`)
    : null;

  return (
    <form onSubmit={handleSubmit} noValidate className="mt-6 space-y-4">
      {notice && !failure && <Alert tone={notice === "expired" ? "warning" : "info"}>{t(notice)}</Alert>}
      {errorText && <Alert tone="error">{errorText}</Alert>}

      <FormField id="email" label={t("email")}>
        <Input
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          placeholder={t("emailPlaceholder")}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          invalid={failure?.kind === "invalidCredentials" || (failure?.kind === "missingFields" && !email.trim())}
          autoFocus
        />
      </FormField>
      <FormField id="password" label={t("password")}>
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          invalid={failure?.kind === "invalidCredentials" || (failure?.kind === "missingFields" && !password)}
        />
      </FormField>

      <Button type="submit" loading={submitting} className="w-full">
        {submitting ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
