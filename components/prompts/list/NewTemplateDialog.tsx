"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input, Textarea } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { RESERVED_TEMPLATE_NAMES, TEMPLATE_NAME_MAX_LENGTH, TEMPLATE_NAME_PATTERN } from "@/lib/prompts/schemas";
import { promptKeys } from "../queries";
import type { TemplateView } from "../types";

/** Shows the "New template" dialog. On success it opens the editor for the template's first version. */
export function NewTemplateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("prompts.create");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const router = useRouter();
  const queryClient = useQueryClient();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  function close() {
    setFailure(null);
    setNameError(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();

    if (!name) return setNameError(t("nameRequired"));
    if (!TEMPLATE_NAME_PATTERN.test(name)) return setNameError(t("nameCharacters"));
    if ((RESERVED_TEMPLATE_NAMES as readonly string[]).includes(name)) return setNameError(t("nameReserved", { names: RESERVED_TEMPLATE_NAMES.join(", ") }));

    setPending(true);
    setFailure(null);
    setNameError(null);
    try {
      const { data } = await apiSend<ApiItem<TemplateView>>("POST", "/prompts", { name, description });
      await queryClient.invalidateQueries({ queryKey: promptKeys.list() });
      router.push(`/prompts/${data.name}/new`);
    } catch (error) {
      if (isApiRequestError(error) && error.reason === "prompts.name_taken") setNameError(errorMessage(error));
      else if (isApiRequestError(error) && error.fields?.name) setNameError(t("nameCharacters"));
      else setFailure(error);
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t("title")}
      description={t("description")}
      closeLabel={tCommon("close")}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {t("submit")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={nameError ?? undefined} required>
          <Input name="name" maxLength={TEMPLATE_NAME_MAX_LENGTH} autoComplete="off" autoFocus className="font-mono" placeholder="support-reply" />
        </FormField>
        <FormField id={`${formId}-description`} label={t("descriptionLabel")} hint={t("descriptionHint")}>
          <Textarea name="description" maxLength={2_000} rows={3} />
        </FormField>
      </form>
    </Dialog>
  );
}
