"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { fieldErrorText, hasFieldErrors, useServerAction } from "@/components/account/use-server-action";
import { Button, Dialog, FormField, Input, Select } from "@/components/ui";
import { roles } from "@/lib/auth/roles";
import { createUser } from "./actions";

const fields = ["email", "name", "role", "password"] as const;

/** Renders the "Create user" button and its dialog, where the admin sets email, name, role and an initial password. */
export function CreateUserButton({ onCreated }: { onCreated: (email: string) => void }) {
  const t = useTranslations("users");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const { run, pending, failure, clearFailure } = useServerAction(createUser);

  function close() {
    clearFailure();
    setOpen(false);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Passwords are sent as typed; the other fields lose stray spaces from copy and paste.
    const input = Object.fromEntries(fields.map((field) => [field, field === "password" ? String(form.get(field) ?? "") : String(form.get(field) ?? "").trim()]));
    run(input, (user) => {
      close();
      onCreated(user.email);
      router.refresh();
    });
  }

  const errorOf = (field: string) => fieldErrorText(t, failure, field);

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("create.open")}
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={t("create.title")}
        description={t("create.description")}
        closeLabel={tCommon("close")}
        footer={
          <>
            <Button variant="secondary" onClick={close} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" form={formId} loading={pending}>
              {t("create.submit")}
            </Button>
          </>
        }
      >
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
          <FormField id={`${formId}-password`} label={t("fields.initialPassword")} hint={t("create.passwordHint")} error={errorOf("password")} required>
            <Input name="password" type="password" autoComplete="new-password" minLength={12} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}
