"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input, Textarea } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { TEMPLATE_NAME_MAX_LENGTH, TEMPLATE_NAME_PATTERN } from "@/lib/prompts/schemas";
import { promptKeys, templatePath } from "../queries";
import type { TemplateView } from "../types";

/** Renames or re-describes a template. A rename moves the page, and callers must use the new name. */
export function EditTemplateDialog({ template, open, onClose }: { template: TemplateView; open: boolean; onClose: () => void }) {
  const t = useTranslations("prompts.editTemplate");
  const tCreate = useTranslations("prompts.create");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();
    if (!TEMPLATE_NAME_PATTERN.test(name)) return setNameError(tCreate("nameCharacters"));

    setPending(true);
    setFailure(null);
    setNameError(null);
    try {
      const { data } = await apiSend<ApiItem<TemplateView>>("PATCH", templatePath(template.name), { name, description });
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onClose();
      if (data.name !== template.name) router.replace(`/prompts/${data.name}`);
    } catch (error) {
      if (isApiRequestError(error) && (error.reason === "prompts.name_taken" || error.fields?.name)) setNameError(errorMessage(error));
      else setFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("title")}
      closeLabel={tCommon("close")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {tCommon("save")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        <FormField id={`${formId}-name`} label={tCreate("name")} hint={t("renameHint")} error={nameError ?? undefined} required>
          <Input name="name" defaultValue={template.name} maxLength={TEMPLATE_NAME_MAX_LENGTH} autoComplete="off" className="font-mono" />
        </FormField>
        <FormField id={`${formId}-description`} label={tCreate("descriptionLabel")}>
          <Textarea name="description" defaultValue={template.description} maxLength={2_000} rows={3} />
        </FormField>
      </form>
    </Dialog>
  );
}
