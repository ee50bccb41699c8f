"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FieldSet, FormField, Input } from "@/components/ui";
import { BASE_MODEL_SOURCES, baseModelKeys, type BaseModelSource, type BaseModelView } from "./types";

type FieldName = "name" | "localPath" | "repoId" | "revision";

/** Builds the POST /base-models body for the chosen source from the form's values. */
function buildBody(source: BaseModelSource, form: FormData): Record<string, string> {
  const value = (name: FieldName) => String(form.get(name) ?? "").trim();
  if (source === "local") return { source, name: value("name"), localPath: value("localPath") };
  const body: Record<string, string> = { source, name: value("name"), repoId: value("repoId") };
  if (value("revision")) body.revision = value("revision");
  return body;
}

/**
 * Renders the "Register base model" dialog: a local folder on the worker, or a Hugging Face or ModelScope
 * repository id that a worker downloads. The API checks every field; its field errors show under the inputs.
 */
export function RegisterBaseModelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("baseModels.register");
  const tSources = useTranslations("baseModels.sources");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const [source, setSource] = useState<BaseModelSource>("local");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  function close() {
    setFailure(null);
    setFieldErrors({});
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = buildBody(source, new FormData(event.currentTarget));
    const missing: Partial<Record<FieldName, string>> = {};
    if (!body.name) missing.name = t("nameRequired");
    if (source === "local" && !body.localPath) missing.localPath = t("localPathRequired");
    if (source !== "local" && !body.repoId) missing.repoId = t("repoIdRequired");
    if (Object.keys(missing).length > 0) return setFieldErrors(missing);

    setPending(true);
    setFailure(null);
    setFieldErrors({});
    try {
      await apiSend<ApiItem<BaseModelView>>("POST", "/base-models", body);
      await queryClient.invalidateQueries({ queryKey: baseModelKeys.list() });
      setPending(false);
      close();
    } catch (error) {
      setPending(false);
      if (!isApiRequestError(error) || !error.fields) return setFailure(error);
      // Reasons such as a taken name or a missing folder carry their own translated text; plain schema errors get the field's hint.
      const text = error.reason ? errorMessage(error) : null;
      const next: Partial<Record<FieldName, string>> = {};
      for (const field of ["name", "localPath", "repoId", "revision"] as const) {
        if (error.fields[field]) next[field] = text ?? t(`${field}Invalid`);
      }
      if (Object.keys(next).length === 0) setFailure(error);
      setFieldErrors(next);
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
            {source === "local" ? t("submitLocal") : t("submitHub")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

        <FieldSet legend={t("source")}>
          <div className="flex flex-wrap gap-4">
            {BASE_MODEL_SOURCES.map((option) => (
              <label key={option} className="flex items-center gap-2 text-sm">
                <input type="radio" name="source" value={option} checked={source === option} onChange={() => setSource(option)} className="size-4 accent-brand-600" />
                {tSources(option)}
              </label>
            ))}
          </div>
        </FieldSet>

        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={fieldErrors.name} required>
          <Input name="name" maxLength={200} autoComplete="off" autoFocus />
        </FormField>

        {source === "local" ? (
          <FormField id={`${formId}-localPath`} label={t("localPath")} hint={t("localPathHint")} error={fieldErrors.localPath} required>
            <Input name="localPath" maxLength={1_000} autoComplete="off" placeholder="/srv/models/qwen2.5-0.5b-instruct" className="font-mono" />
          </FormField>
        ) : (
          <>
            <FormField id={`${formId}-repoId`} label={t("repoId")} hint={source === "huggingface" ? t("repoIdHintHuggingFace") : t("repoIdHintModelScope")} error={fieldErrors.repoId} required>
              <Input name="repoId" maxLength={200} autoComplete="off" placeholder="Qwen/Qwen2.5-0.5B-Instruct" className="font-mono" />
            </FormField>
            <FormField id={`${formId}-revision`} label={t("revision")} hint={t("revisionHint", { branch: source === "huggingface" ? "main" : "master" })} error={fieldErrors.revision}>
              <Input name="revision" maxLength={200} autoComplete="off" className="font-mono" />
            </FormField>
          </>
        )}
      </form>
    </Dialog>
  );
}
