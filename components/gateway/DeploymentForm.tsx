"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FieldSet, FormField, Input, Textarea } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { DEPLOYMENT_NAME_MAX_LENGTH, FALLBACK_STATUSES, MAX_CACHE_TTL_SECONDS, MAX_RETRIES } from "@/lib/gateway/admin/schemas";
import { CanaryFields } from "./CanaryFields";
import { FallbacksEditor } from "./FallbacksEditor";
import { formBody, formProblems, initialFormState, type DeploymentFormState } from "./form-state";
import { gatewayKeys, useUsableModels } from "./queries";
import { TargetsEditor } from "./TargetsEditor";
import type { DeploymentView, ModelSummary } from "./types";

// API field names (their first path segment) → the label key of the section that contains them.
const FIELD_LABELS: Record<string, string> = {
  name: "name",
  description: "description",
  targets: "targets",
  fallbacks: "fallbacks",
  canary: "canary",
  retries: "retries",
  retryBackoffMs: "retryBackoff",
  fallbackOn: "fallbackOn",
  timeoutMs: "timeout",
  cacheTtlSeconds: "cacheTtl",
};

/** Collects the models a deployment names, so the pickers can show ones that are disabled or deleted since. */
function knownModels(deployment?: DeploymentView): Map<string, ModelSummary> {
  const known = new Map<string, ModelSummary>();
  if (!deployment) return known;
  for (const reference of [...deployment.targets, ...deployment.fallbacks, ...(deployment.canary ? [deployment.canary] : [])]) {
    if (reference.model) known.set(reference.modelId, reference.model);
  }
  return known;
}

/**
 * Creates or edits a deployment: name, targets with weights, fallbacks, canary settings, retries, timeout
 * and cache. Canary state changes (start, promote, rollback) live in CanaryPanel.
 */
export function DeploymentForm({ deployment }: { deployment?: DeploymentView }) {
  const t = useTranslations("gateway.form");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const formId = useId();
  const editing = deployment !== undefined;

  const [state, setState] = useState<DeploymentFormState>(() => initialFormState(deployment));
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const usableModels = useUsableModels();
  const known = useMemo(() => knownModels(deployment), [deployment]);
  const usable = usableModels.data ?? [];

  const set = (patch: Partial<DeploymentFormState>) => {
    setSaved(false);
    setState((current) => ({ ...current, ...patch }));
  };

  function failedFields(error: unknown): string[] {
    if (!isApiRequestError(error) || !error.fields) return [];
    const labels = new Set<string>();
    for (const field of Object.keys(error.fields)) {
      const label = FIELD_LABELS[field.split(".")[0] ?? ""];
      if (label) labels.add(t(label));
    }
    return [...labels];
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = formProblems(state);
    setProblems(found.map((problem) => t(`problems.${problem}`)));
    if (found.length > 0) return;

    setPending(true);
    setFailure(null);
    setSaved(false);
    try {
      const path = editing ? `/deployments/${encodeURIComponent(deployment.id)}` : "/deployments";
      const { data } = await apiSend<ApiItem<DeploymentView>>(editing ? "PATCH" : "POST", path, formBody(state));
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.deployments });
      if (editing) setSaved(true);
      else router.push(`/gateway/deployments/${data.id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const fieldsToCheck = failure ? failedFields(failure) : [];

  return (
    <form id={formId} onSubmit={submit} className="space-y-6" noValidate>
      {usableModels.error && <Alert tone="error">{errorMessage(usableModels.error)}</Alert>}
      {usableModels.data && usable.length === 0 && <Alert tone="warning">{t("noModels")}</Alert>}

      <Card>
        <CardHeader title={t("basics")} />
        <CardBody className="space-y-4">
          <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} required>
            <Input value={state.name} onChange={(event) => set({ name: event.target.value })} maxLength={DEPLOYMENT_NAME_MAX_LENGTH} autoComplete="off" spellCheck={false} className="font-mono" placeholder="support-chat" />
          </FormField>
          <FormField id={`${formId}-description`} label={t("description")}>
            <Textarea value={state.description} onChange={(event) => set({ description: event.target.value })} maxLength={2_000} rows={2} />
          </FormField>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand-600" checked={state.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
            {t("enabled")}
          </label>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("targets")} description={t("targetsHint")} />
        <CardBody>
          <TargetsEditor targets={state.targets} onChange={(targets) => set({ targets })} usable={usable} known={known} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("fallbacks")} description={t("fallbacksHint")} />
        <CardBody className="space-y-4">
          <FallbacksEditor fallbacks={state.fallbacks} onChange={(fallbacks) => set({ fallbacks })} usable={usable} known={known} />
          <FieldSet legend={t("fallbackOn")}>
            <div className="flex flex-wrap gap-4">
              {FALLBACK_STATUSES.map((status) => (
                <label key={status} className="flex items-center gap-2 text-sm tabular-nums">
                  <input
                    type="checkbox"
                    className="size-4 accent-brand-600"
                    checked={state.fallbackOn.includes(status)}
                    onChange={(event) => set({ fallbackOn: event.target.checked ? [...state.fallbackOn, status] : state.fallbackOn.filter((entry) => entry !== status) })}
                  />
                  {status}
                </label>
              ))}
            </div>
          </FieldSet>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("canary")} description={t("canaryHint")} />
        <CardBody>
          <CanaryFields
            idPrefix={formId}
            enabled={state.canaryEnabled}
            onEnabledChange={(canaryEnabled) => set({ canaryEnabled })}
            values={state.canary}
            onChange={(canary) => set({ canary })}
            usable={usable}
            known={known}
          />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("reliability")} />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${formId}-retries`} label={t("retries")} hint={t("retriesHint")}>
            <Input type="number" min={0} max={MAX_RETRIES} step={1} value={state.retries} onChange={(event) => set({ retries: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-backoff`} label={t("retryBackoff")} hint={t("retryBackoffHint")}>
            <Input type="number" min={0} max={60_000} step={1} value={state.retryBackoffMs} onChange={(event) => set({ retryBackoffMs: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-timeout`} label={t("timeout")} hint={t("timeoutHint")}>
            <Input type="number" min={1} max={600} step="any" value={state.timeoutSeconds} onChange={(event) => set({ timeoutSeconds: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-cache`} label={t("cacheTtl")} hint={t("cacheTtlHint")}>
            <Input type="number" min={0} max={MAX_CACHE_TTL_SECONDS} step={1} value={state.cacheTtlSeconds} onChange={(event) => set({ cacheTtlSeconds: event.target.value })} />
          </FormField>
        </CardBody>
      </Card>

      {problems.length > 0 && (
        <Alert tone="error">
          <ul className="list-disc pl-4">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      {failure !== null && (
        <Alert tone="error">
          {errorMessage(failure)}
          {fieldsToCheck.length > 0 && <p className="mt-1">{t("checkFields", { fields: fieldsToCheck.join(", ") })}</p>}
        </Alert>
      )}
      {saved && <Alert tone="success">{t("saved")}</Alert>}

      <div className="flex justify-end gap-2">
        {!editing && (
          <Button variant="secondary" onClick={() => router.push("/gateway")} disabled={pending}>
            {tCommon("cancel")}
          </Button>
        )}
        <Button type="submit" loading={pending}>
          {editing ? tCommon("save") : t("create")}
        </Button>
      </div>
    </form>
  );
}
