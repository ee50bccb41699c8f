"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { fieldErrorText, firstFieldError, useServerAction, type ActionFailure } from "@/components/account/use-server-action";
import { Alert, Button, FormField, Input } from "@/components/ui";
import { acceptInvitation } from "./actions";

/** Renders the password form for a new account and sends the visitor to sign-in with a notice on success. */
export function AcceptInvitationForm({ token }: { token: string }) {
  const t = useTranslations("invite");
  const locale = useLocale();
  const router = useRouter();
  const formId = useId();
  const { run, pending, failure } = useServerAction(acceptInvitation);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { token, password: String(form.get("password") ?? ""), confirmPassword: String(form.get("confirmPassword") ?? "") };
    run(input, () => router.push(`/${locale}/sign-in?reason=invitation-accepted`));
  }

  const passwordError = fieldErrorText(t, failure, "password");
  const confirmError = fieldErrorText(t, failure, "confirmPassword");

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {failure && !passwordError && !confirmError && <FailureAlert failure={failure} />}
      <FormField id={`${formId}-password`} label={t("password")} hint={t("passwordHint")} error={passwordError} required>
        <Input name="password" type="password" autoComplete="new-password" minLength={12} />
      </FormField>
      <FormField id={`${formId}-confirm`} label={t("confirmPassword")} error={confirmError} required>
        <Input name="confirmPassword" type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" loading={pending} className="w-full">
        {t("submit")}
      </Button>
    </form>
  );
}

function FailureAlert({ failure }: { failure: ActionFailure }) {
  const t = useTranslations("invite");

  // The invitation expired or was used in another tab while this form was open.
  if (failure.code === "NOT_FOUND") return <Alert tone="error">{t("invalid.description")}</Alert>;
  if (firstFieldError(failure, "email") === "taken") return <Alert tone="error">{t("emailTaken")}</Alert>;
  return <ActionErrorAlert failure={failure} />;
}
