"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { SecretReveal } from "@/components/account/SecretReveal";
import { fieldErrorText, hasFieldErrors, useServerAction } from "@/components/account/use-server-action";
import { Button, Dialog, FormField, Input, Select } from "@/components/ui";
import { roles } from "@/lib/auth/roles";
import { inviteUser } from "./actions";

const fields = ["email", "name", "role"] as const;

/**
 * Renders the "Invite user" button and its dialog. After the invitation is created the dialog shows its
 * link once, because only a hash of the token is stored.
 */
export function InviteUserButton({ publicUrl }: { publicUrl: string | null }) {
  const t = useTranslations("users");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const { run, pending, failure, clearFailure } = useServerAction(inviteUser);

  function close() {
    clearFailure();
    setLink(null);
    setOpen(false);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Trimmed, because the email check rejects stray spaces from copy and paste.
    const input = Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? "").trim()]));
    run(input, ({ token }) => {
      // LUODI_PUBLIC_URL wins over the address this admin happens to use, e.g. behind a proxy.
      const origin = (publicUrl ?? window.location.origin).replace(/\/+$/, "");
      setLink(`${origin}/${locale}/invite/${token}`);
      router.refresh();
    });
  }

  const errorOf = (field: string) => fieldErrorText(t, failure, field);

  const footer = link ? (
    <Button onClick={close}>{t("invite.done")}</Button>
  ) : (
    <>
      <Button variant="secondary" onClick={close} disabled={pending}>
        {tCommon("cancel")}
      </Button>
      <Button type="submit" form={formId} loading={pending}>
        {t("invite.submit")}
      </Button>
    </>
  );

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("invite.open")}</Button>
      <Dialog open={open} onClose={close} title={link ? t("invite.linkTitle") : t("invite.title")} description={link ? undefined : t("invite.description")} closeLabel={tCommon("close")} footer={footer}>
        {link ? (
          <SecretReveal value={link} warning={t("invite.linkWarning")} copyLabel={t("copy")} copiedLabel={t("copied")} />
        ) : (
          <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
            {failure && !hasFieldErrors(failure, fields) && <ActionErrorAlert failure={failure} />}
            <FormField id={`${formId}-email`} label={t("fields.email")} error={errorOf("email")} required>
              <Input name="email" type="email" autoComplete="off" />
            </FormField>
            <FormField id={`${formId}-name`} label={t("fields.name")} error={errorOf("name")} required>
              <Input name="name" autoComplete="off" />
            </FormField>
            <FormField id={`${formId}-role`} label={t("fields.role")} error={errorOf("role")} required>
              <Select name="role" defaultValue="viewer" options={roles.map((role) => ({ value: role, label: tCommon(`roles.${role}`) }))} />
            </FormField>
          </form>
        )}
      </Dialog>
    </>
  );
}
