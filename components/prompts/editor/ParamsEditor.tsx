"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { apiGet, type ApiList } from "@/components/datasets/api";
import { Card, CardBody, CardHeader, FormField, Input, Select, Textarea } from "@/components/ui";
import type { UsableModel } from "../types";
import type { DraftParams } from "./draft";

type Props = { params: DraftParams; onParamsChange: (params: DraftParams) => void; modelId: string; onModelChange: (modelId: string) => void };

/** Default model and sampling parameters that the playground and experiments start from. */
export function ParamsEditor({ params, onParamsChange, modelId, onModelChange }: Props) {
  const t = useTranslations("prompts.editor.params");
  const formId = useId();
  const models = useQuery({
    queryKey: ["provider-models", "chat"],
    queryFn: ({ signal }) => apiGet<ApiList<UsableModel>>("/provider-models?capability=chat", signal).then((body) => body.data),
    retry: false,
  });
  const set = (patch: Partial<DraftParams>) => onParamsChange({ ...params, ...patch });
  const knownModel = !modelId || models.data?.some((model) => model.id === modelId);

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} />
      <CardBody className="space-y-4">
        <FormField id={`${formId}-model`} label={t("model")} hint={models.error ? t("modelsUnavailable") : t("modelHint")}>
          <Select value={modelId} onChange={(event) => onModelChange(event.target.value)}>
            <option value="">{t("noModel")}</option>
            {!knownModel && <option value={modelId}>{modelId}</option>}
            {models.data?.map((model) => (
              <option key={model.id} value={model.id}>
                {`${model.providerName} · ${model.displayName || model.name}`}
              </option>
            ))}
          </Select>
        </FormField>
        <div className="grid gap-4 sm:grid-cols-4">
          <FormField id={`${formId}-temperature`} label={t("temperature")} hint={t("temperatureHint")}>
            <Input type="number" min={0} max={2} step={0.1} value={params.temperature} onChange={(event) => set({ temperature: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-top-p`} label={t("topP")} hint={t("topPHint")}>
            <Input type="number" min={0} max={1} step={0.05} value={params.top_p} onChange={(event) => set({ top_p: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-max-tokens`} label={t("maxTokens")} hint={t("maxTokensHint")}>
            <Input type="number" min={1} step={1} value={params.max_tokens} onChange={(event) => set({ max_tokens: event.target.value })} />
          </FormField>
          <FormField id={`${formId}-seed`} label={t("seed")} hint={t("seedHint")}>
            <Input type="number" step={1} value={params.seed} onChange={(event) => set({ seed: event.target.value })} />
          </FormField>
        </div>
        <FormField id={`${formId}-stop`} label={t("stop")} hint={t("stopHint")}>
          <Textarea rows={2} value={params.stop} onChange={(event) => set({ stop: event.target.value })} className="font-mono text-xs" />
        </FormField>
      </CardBody>
    </Card>
  );
}
