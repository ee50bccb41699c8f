"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input } from "@/components/ui";
import { providerKeys } from "./queries";

type FieldName = "name" | "localPath" | "adapterPath";
type Registered = { providerId: string };

/**
 * Renders the "Register local model" form: a Hugging Face model folder on the server, with an optional PEFT
 * adapter, served by Luodi's own runtime on loopback once a request needs it.
 */
export function LocalModelDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (providerId: string) => void }) {
  const t = useTranslations("providers.localModel");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  function showFailure(error: unknown) {
    const fields = isApiRequestError(error) ? Object.keys(error.fields ?? {}) : [];
    const known = fields.filter((field): field is FieldName => ["name", "localPath", "adapterPath"].includes(field));
    if (!isApiRequestError(error) || known.length === 0) return setFailure(error);
    // The server names the folder and the missing file; show that message under the field it concerns.
    setFieldErrors(Object.fromEntries(known.map((field) => [field, errorMessage(error)])));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const adapterPath = String(form.get("adapterPath") ?? "").trim();
    setPending(true);
    setFailure(null);
    setFieldErrors({});
    try {
      const body = { name: String(form.get("name") ?? "").trim(), localPath: String(form.get("localPath") ?? "").trim(), adapterPath: adapterPath || null };
      const result = await apiSend<ApiItem<Registered>>("POST", "/local-models", body);
      await queryClient.invalidateQueries({ queryKey: providerKeys.all });
      onSaved(result.data.providerId);
    } catch (error) {
      showFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={t("title")}
      description={t("description")}
      closeLabel={tCommon("close")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
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
        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={fieldErrors.name} required>
          <Input name="name" maxLength={200} autoComplete="off" spellCheck={false} autoFocus placeholder="qwen2-0.5b-lora" />
        </FormField>
        <FormField id={`${formId}-localPath`} label={t("localPath")} hint={t("localPathHint")} error={fieldErrors.localPath} required>
          <Input name="localPath" maxLength={4_096} autoComplete="off" spellCheck={false} placeholder="/srv/models/qwen2-0.5b" />
        </FormField>
        <FormField id={`${formId}-adapterPath`} label={t("adapterPath")} hint={t("adapterPathHint")} error={fieldErrors.adapterPath}>
          <Input name="adapterPath" maxLength={4_096} autoComplete="off" spellCheck={false} placeholder="/srv/adapters/run-12" />
        </FormField>
      </form>
    </Dialog>
  );
}
