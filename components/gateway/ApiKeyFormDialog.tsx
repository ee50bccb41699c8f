"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FieldSet, FormField, Input, Select } from "@/components/ui";
import { PROMPT_PREFIX } from "@/lib/gateway/admin/schemas";
import { CURRENCIES, type Currency } from "@/lib/llm/types";
import { initialKeyForm, keyFormBody, type KeyFormState } from "./key-form";
import { gatewayKeys, useDeployments, usePromptNames } from "./queries";
import type { ApiKeyView, CreatedApiKey } from "./types";

type Props = {
  /** The key to edit; a new key is created when absent. */
  apiKey?: ApiKeyView;
  onClose: () => void;
  /** Called with the new key and its secret after a creation, instead of onClose. */
  onCreated?: (created: CreatedApiKey) => void;
};

const FIELDS = ["name", "allowedModels", "rpmLimit", "tpmLimit", "monthlyBudget", "budgetCurrency", "expiresAt"] as const;
type Field = (typeof FIELDS)[number];

/** Creates or edits an API key: name, allowed deployments and prompts, RPM/TPM limits, monthly budget, expiry, cache and content logging. */
export function ApiKeyFormDialog({ apiKey, onClose, onCreated }: Props) {
  const t = useTranslations("gateway.keyForm");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const editing = apiKey !== undefined;
  const deployments = useDeployments();
  const prompts = usePromptNames();

  const [state, setState] = useState<KeyFormState>(() => initialKeyForm(apiKey));
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const set = (patch: Partial<KeyFormState>) => setState((current) => ({ ...current, ...patch }));

  // Entries the key lists that are no longer deployments or prompts stay visible, so the admin can remove them.
  const choices = [...(deployments.data ?? []).map((deployment) => deployment.name), ...(prompts.data ?? []).map((name) => PROMPT_PREFIX + name)];
  for (const entry of state.allowed) if (!choices.includes(entry)) choices.push(entry);

  function toggle(entry: string, checked: boolean) {
    set({ allowed: checked ? [...state.allowed, entry] : state.allowed.filter((value) => value !== entry) });
  }

  function showFailure(error: unknown) {
    if (!isApiRequestError(error)) return setFailure(error);
    if (error.reason === "gateway.unknown_allowed_models") return setFieldErrors({ allowedModels: errorMessage(error) });
    if (error.reason === "gateway.expiry_past") return setFieldErrors({ expiresAt: errorMessage(error) });

    const fields: Partial<Record<Field, string>> = {};
    for (const name of Object.keys(error.fields ?? {})) {
      const field = FIELDS.find((candidate) => name === candidate || name.startsWith(`${candidate}.`));
      if (field) fields[field] = t(`invalid.${field}`);
    }
    if (Object.keys(fields).length > 0) return setFieldErrors(fields);
    setFailure(error);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!state.name.trim()) return setFieldErrors({ name: t("nameRequired") });
    if (!state.allowAll && state.allowed.length === 0) return setFieldErrors({ allowedModels: t("allowedRequired") });

    setPending(true);
    setFailure(null);
    setFieldErrors({});
    try {
      if (editing) {
        await apiSend<ApiItem<ApiKeyView>>("PATCH", `/api-keys/${encodeURIComponent(apiKey.id)}`, keyFormBody(state, apiKey));
        await queryClient.invalidateQueries({ queryKey: gatewayKeys.apiKeys });
        return onClose();
      }
      const { data } = await apiSend<ApiItem<CreatedApiKey>>("POST", "/api-keys", keyFormBody(state));
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.apiKeys });
      // The parent replaces this dialog with the one-time secret, so closing here would hide the key.
      if (onCreated) onCreated(data);
      else onClose();
    } catch (error) {
      showFailure(error);
    } finally {
      setPending(false);
    }
  }

  const currencyOptions = CURRENCIES.map((currency) => ({ value: currency, label: currency }));

  return (
    <Dialog
      open
      onClose={onClose}
      title={editing ? t("editTitle", { name: apiKey.name }) : t("createTitle")}
      description={editing ? undefined : t("createDescription")}
      closeLabel={tCommon("close")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {editing ? tCommon("save") : t("create")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={fieldErrors.name} required>
          <Input value={state.name} onChange={(event) => set({ name: event.target.value })} maxLength={80} autoComplete="off" autoFocus />
        </FormField>

        <FieldSet legend={t("allowedModels")}>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand-600" checked={state.allowAll} onChange={(event) => set({ allowAll: event.target.checked })} />
            {t("allowAll")}
          </label>
          {!state.allowAll && (
            <div className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-border p-2">
              {choices.length === 0 && <p className="text-sm text-muted">{t("noChoices")}</p>}
              {choices.map((entry) => (
                <label key={entry} className="flex items-center gap-2 font-mono text-sm">
                  <input type="checkbox" className="size-4 accent-brand-600" checked={state.allowed.includes(entry)} onChange={(event) => toggle(entry, event.target.checked)} />
                  {entry}
                </label>
              ))}
            </div>
          )}
          {fieldErrors.allowedModels && (
            <p role="alert" className="text-xs font-medium text-red-600">
              {fieldErrors.allowedModels}
            </p>
          )}
        </FieldSet>

        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${formId}-rpm`} label={t("rpmLimit")} hint={t("limitHint")} error={fieldErrors.rpmLimit}>
            <Input type="number" min={1} step={1} inputMode="numeric" value={state.rpmLimit} onChange={(event) => set({ rpmLimit: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-tpm`} label={t("tpmLimit")} hint={t("limitHint")} error={fieldErrors.tpmLimit}>
            <Input type="number" min={1} step={1} inputMode="numeric" value={state.tpmLimit} onChange={(event) => set({ tpmLimit: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-budget`} label={t("monthlyBudget")} hint={t("budgetHint")} error={fieldErrors.monthlyBudget}>
            <Input type="number" min={0} step="any" inputMode="decimal" value={state.monthlyBudget} onChange={(event) => set({ monthlyBudget: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-currency`} label={t("budgetCurrency")} error={fieldErrors.budgetCurrency}>
            <Select value={state.budgetCurrency} onChange={(event) => set({ budgetCurrency: event.target.value as Currency })} options={currencyOptions} />
          </FormField>
          <FormField id={`${formId}-expires`} label={t("expiresAt")} hint={t("expiresAtHint")} error={fieldErrors.expiresAt} className="sm:col-span-2">
            <Input type="datetime-local" value={state.expiresAt} onChange={(event) => set({ expiresAt: event.target.value })} />
          </FormField>
        </div>

        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={state.cacheEnabled} onChange={(event) => set({ cacheEnabled: event.target.checked })} />
          {t("cacheEnabled")}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={state.storeContent} onChange={(event) => set({ storeContent: event.target.checked })} />
          {t("storeContent")}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={state.fineTuningEnabled} onChange={(event) => set({ fineTuningEnabled: event.target.checked })} />
          {t("fineTuningEnabled")}
        </label>
      </form>
    </Dialog>
  );
}
