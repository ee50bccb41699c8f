"use client";

import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { fieldErrorText, hasFieldErrors, useServerAction } from "@/components/account/use-server-action";
import { Button, FormField, Input } from "@/components/ui";
import { changePassword } from "./actions";

const fields = ["currentPassword", "newPassword", "confirmPassword"] as const;

/**
 * Changes the user's password. The change bumps the session version, so this session ends too: the form
 * clears the session cookie and sends the user to sign-in with the new password.
 */
export function PasswordForm() {
  const t = useTranslations("profile");
  const locale = useLocale();
  const formId = useId();
  const [signingOut, setSigningOut] = useState(false);
  const { run, pending, failure } = useServerAction(changePassword);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? "")]));
    run(input, async () => {
      setSigningOut(true);
      await signOut({ redirect: false });
      // A full page load, so no cached console page of the old session stays in the router.
      window.location.assign(`/${locale}/sign-in?reason=password-changed`);
    });
  }

  const errorOf = (field: string) => fieldErrorText(t, failure, field);

  return (
    <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
      {failure && !hasFieldErrors(failure, fields) && <ActionErrorAlert failure={failure} />}
      <FormField id={`${formId}-current`} label={t("password.current")} error={errorOf("currentPassword")} required>
        <Input name="currentPassword" type="password" autoComplete="current-password" />
      </FormField>
      <FormField id={`${formId}-new`} label={t("password.new")} hint={t("password.newHint")} error={errorOf("newPassword")} required>
        <Input name="newPassword" type="password" autoComplete="new-password" minLength={12} />
      </FormField>
      <FormField id={`${formId}-confirm`} label={t("password.confirm")} error={errorOf("confirmPassword")} required>
        <Input name="confirmPassword" type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" loading={pending || signingOut}>
        {t("password.submit")}
      </Button>
    </form>
  );
}
