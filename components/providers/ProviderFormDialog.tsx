"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input, Select } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { MAX_API_KEY_LENGTH } from "@/lib/providers/limits";
import { LOCAL_KIND, PROVIDER_KINDS, PROVIDER_PRESETS, presetOf, type ProviderKind } from "@/lib/providers/presets";
import { providerKeys } from "./queries";
import type { ProviderView } from "./types";

type FieldName = "name" | "baseUrl" | "apiKey" | "rpmLimit" | "timeout";

// Reasons the API gives for one field, so the message shows under that field instead of above the form.
const REASON_FIELDS: Record<string, FieldName> = {
  "providers.name_taken": "name",
  "providers.private_address": "baseUrl",
  "providers.metadata_address": "baseUrl",
  "providers.invalid_base_url": "baseUrl",
  "providers.base_url_required": "baseUrl",
  "providers.key_required": "apiKey",
  "providers.key_conflict": "apiKey",
};
const API_FIELDS: Record<string, FieldName> = { name: "name", baseUrl: "baseUrl", apiKey: "apiKey", rpmLimit: "rpmLimit", timeoutMs: "timeout" };

type Props = {
  open: boolean;
  onClose: () => void;
  /** The provider to edit; a new one is added when absent. */
  provider?: ProviderView;
  onSaved?: (provider: ProviderView) => void;
};

/**
 * Renders the "Add provider" and "Edit provider" form. Picking a preset fills in its base URL; the API key goes
 * in a password field and, once saved, only its hint is ever shown.
 */
export function ProviderFormDialog({ open, onClose, provider, onSaved }: Props) {
  const t = useTranslations("providers.form");
  const tKinds = useTranslations("providers.kinds");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const editing = provider !== undefined;

  const [kind, setKind] = useState<ProviderKind>((provider?.kind as ProviderKind | undefined) ?? "vllm");
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? PROVIDER_PRESETS.vllm.defaultBaseUrl ?? "");
  const [clearKey, setClearKey] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  const preset = presetOf(kind);
  const isLocal = kind === LOCAL_KIND;

  function pickKind(next: ProviderKind) {
    setKind(next);
    setBaseUrl(PROVIDER_PRESETS[next].defaultBaseUrl ?? "");
  }

  function close() {
    setFailure(null);
    setFieldErrors({});
    setClearKey(false);
    onClose();
  }

  function showFailure(error: unknown) {
    if (!isApiRequestError(error)) return setFailure(error);

    const reasonField = error.reason ? REASON_FIELDS[error.reason] : undefined;
    if (reasonField) return setFieldErrors({ [reasonField]: errorMessage(error) });

    const fields: Partial<Record<FieldName, string>> = {};
    for (const name of Object.keys(error.fields ?? {})) {
      const field = API_FIELDS[name];
      if (field) fields[field] = t(`invalid.${field}`);
    }
    if (Object.keys(fields).length > 0) return setFieldErrors(fields);
    setFailure(error);
  }

  function readForm(form: FormData) {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const rpm = text("rpmLimit");
    const timeoutSeconds = text("timeout");
    return {
      name: text("name"),
      apiKey: text("apiKey"),
      rpmLimit: rpm === "" ? null : Number(rpm),
      timeoutMs: timeoutSeconds === "" ? 60_000 : Math.round(Number(timeoutSeconds) * 1000),
      enabled: form.get("enabled") === "on",
    };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = readForm(new FormData(event.currentTarget));
    if (!values.name) return setFieldErrors({ name: t("nameRequired") });
    if (!editing && preset.keyRequired && !values.apiKey) return setFieldErrors({ apiKey: t("keyRequired") });

    const body: Record<string, unknown> = { name: values.name, rpmLimit: values.rpmLimit, timeoutMs: values.timeoutMs };
    if (!isLocal) body.baseUrl = baseUrl.trim();
    if (values.apiKey) body.apiKey = values.apiKey;
    if (editing) {
      body.enabled = values.enabled;
      if (clearKey && !values.apiKey) body.clearApiKey = true;
    } else {
      body.kind = kind;
    }

    setPending(true);
    setFailure(null);
    setFieldErrors({});
    try {
      const path = editing ? `/providers/${encodeURIComponent(provider.id)}` : "/providers";
      const { data } = await apiSend<ApiItem<ProviderView>>(editing ? "PATCH" : "POST", path, body);
      await queryClient.invalidateQueries({ queryKey: providerKeys.all });
      setPending(false);
      close();
      onSaved?.(data);
    } catch (error) {
      setPending(false);
      showFailure(error);
    }
  }

  const kindOptions = PROVIDER_KINDS.map((value) => ({ value, label: tKinds(value) }));

  return (
    <Dialog
      open={open}
      onClose={close}
      title={editing ? t("editTitle", { name: provider.name }) : t("addTitle")}
      description={editing ? undefined : t("addDescription")}
      closeLabel={tCommon("close")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {editing ? tCommon("save") : t("add")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

        <FormField id={`${formId}-kind`} label={t("kind")} hint={t(`kindHints.${kind}`)}>
          <Select value={kind} onChange={(event) => pickKind(event.target.value as ProviderKind)} disabled={editing} options={kindOptions} />
        </FormField>

        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={fieldErrors.name} required>
          <Input name="name" maxLength={80} autoComplete="off" defaultValue={provider?.name ?? ""} autoFocus />
        </FormField>

        {!isLocal && (
          <FormField id={`${formId}-baseUrl`} label={t("baseUrl")} hint={t("baseUrlHint")} error={fieldErrors.baseUrl} required>
            <Input name="baseUrl" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} maxLength={2_000} autoComplete="off" spellCheck={false} placeholder="https://api.example.com/v1" />
          </FormField>
        )}
        {preset.selfHosted && (
          <Alert tone="info">
            {t("selfHostedNote")}{" "}
            <Link href="/settings/network" className="font-medium underline">
              {t("openNetwork")}
            </Link>
          </Alert>
        )}

        {!isLocal && (
          <FormField
            id={`${formId}-apiKey`}
            label={t("apiKey")}
            hint={editing && provider.hasApiKey ? t("apiKeyKeepHint", { hint: provider.apiKeyHint ?? "…" }) : preset.keyRequired ? t("apiKeyRequiredHint") : t("apiKeyOptionalHint")}
            error={fieldErrors.apiKey}
            required={!editing && preset.keyRequired}
          >
            <Input name="apiKey" type="password" autoComplete="new-password" spellCheck={false} maxLength={MAX_API_KEY_LENGTH} />
          </FormField>
        )}
        {editing && provider.hasApiKey && !preset.keyRequired && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand-600" checked={clearKey} onChange={(event) => setClearKey(event.target.checked)} />
            {t("clearKey")}
          </label>
        )}

        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${formId}-rpm`} label={t("rpmLimit")} hint={t("rpmLimitHint")} error={fieldErrors.rpmLimit}>
            <Input name="rpmLimit" type="number" min={1} step={1} inputMode="numeric" defaultValue={provider?.rpmLimit ?? ""} />
          </FormField>
          <FormField id={`${formId}-timeout`} label={t("timeout")} hint={t("timeoutHint")} error={fieldErrors.timeout}>
            <Input name="timeout" type="number" min={1} max={600} step={1} inputMode="numeric" defaultValue={provider ? provider.timeoutMs / 1000 : 60} />
          </FormField>
        </div>

        {editing && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" className="size-4 accent-brand-600" defaultChecked={provider.enabled} />
            {t("enabled")}
          </label>
        )}
      </form>
    </Dialog>
  );
}
