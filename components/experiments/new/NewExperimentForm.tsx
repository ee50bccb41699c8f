"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Layers, Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardFooter, CardHeader, FormField, Input, PageHeader } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import type { DatasetType } from "@/lib/datasets/model";
import { DEFAULT_CONCURRENCY, DEFAULT_ROW_LIMIT, MAX_CONCURRENCY, MAX_VARIANTS } from "@/lib/experiments/schemas";
import { ExperimentsNav } from "../ExperimentsNav";
import { experimentKeys } from "../queries";
import type { ExperimentView } from "../types";
import { defaultVariantLabel } from "../variant-label";
import { estimateCalls, fourStrategyVariants, newVariant, selfConsistencySamples, toRequestBody, type ExperimentDraft, type VariantDraft } from "./form-state";
import { useChatModels, useDatasetOptions, useDatasetVersions, useTemplates, useTemplateVersions } from "./options";
import { RowFields } from "./RowFields";
import { ScoringFields } from "./ScoringFields";
import { VariantFields } from "./VariantFields";

const initialDraft = (): ExperimentDraft => ({
  name: "",
  variants: [newVariant()],
  datasetId: "",
  datasetVersionId: "",
  split: "all",
  rowLimit: DEFAULT_ROW_LIMIT,
  expectedField: "",
  mapping: {},
  scoringMethod: "normalised",
  jsonPath: "",
  pattern: "",
  normalise: true,
  concurrency: DEFAULT_CONCURRENCY,
});

/** Renders the "New experiment" form. `templateId` (from the page's query string) preselects that template in the first variant. */
export function NewExperimentForm({ templateId }: { templateId?: string }) {
  const t = useTranslations("experiments");
  const locale = useLocale();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useApiErrorMessage();
  const [draft, setDraft] = useState<ExperimentDraft>(initialDraft);
  const update = (patch: Partial<ExperimentDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const updateVariant = (key: string, patch: Partial<VariantDraft>) =>
    setDraft((current) => ({ ...current, variants: current.variants.map((variant) => (variant.key === key ? { ...variant, ...patch } : variant)) }));

  const templates = useTemplates();
  const models = useChatModels();
  const datasets = useDatasetOptions();
  const datasetVersions = useDatasetVersions(draft.datasetId);
  const versionsByTemplate = useTemplateVersions(draft.variants.map((variant) => variant.templateName));

  // Preselect the template named in the URL, and its newest version, once the lists arrive.
  useEffect(() => {
    const template = templates.data?.find((candidate) => candidate.id === templateId);
    if (!template) return;
    setDraft((current) => (current.variants[0]?.templateName ? current : { ...current, variants: [{ ...current.variants[0]!, templateName: template.name }, ...current.variants.slice(1)] }));
  }, [templateId, templates.data]);
  useEffect(() => {
    setDraft((current) => {
      let changed = false;
      const variants = current.variants.map((variant) => {
        const newest = versionsByTemplate.get(variant.templateName)?.[0];
        if (variant.promptVersionId || !newest) return variant;
        changed = true;
        return { ...variant, promptVersionId: newest.id };
      });
      return changed ? { ...current, variants } : current;
    });
  }, [versionsByTemplate]);
  useEffect(() => {
    const newest = datasetVersions.data?.[0];
    if (newest && draft.datasetVersionId === "") update({ datasetVersionId: newest.id });
  }, [datasetVersions.data, draft.datasetVersionId]);

  const versionById = useMemo(() => new Map([...versionsByTemplate.values()].flat().map((version) => [version.id, version])), [versionsByTemplate]);
  const variables = useMemo(() => {
    const found = new Map<string, boolean>();
    for (const variant of draft.variants) {
      const version = versionById.get(variant.promptVersionId);
      for (const name of version?.variableNames ?? []) found.set(name, (found.get(name) ?? true) && version!.variableNames.length === 1);
    }
    return [...found].map(([name, onlyVariable]) => ({ name, onlyVariable }));
  }, [draft.variants, versionById]);

  const datasetType = (datasets.data?.find((dataset) => dataset.id === draft.datasetId)?.type ?? null) as DatasetType | null;
  const chosenVersion = datasetVersions.data?.find((version) => version.id === draft.datasetVersionId);
  const rows = chosenVersion ? Math.min(chosenVersion.rowCount, draft.rowLimit) : 0;
  const versionStrategy = (id: string) => versionById.get(id)?.strategy;
  const calls = estimateCalls(draft, rows, versionStrategy);
  const sampled = selfConsistencySamples(draft, versionStrategy);
  const sampleCounts = new Intl.ListFormat(locale, { type: "conjunction" }).format([...new Set(sampled)].map(String));

  // The label a variant gets when left unnamed, with the translated strategy name; null until its choices are made.
  const defaultLabelOf = (variant: VariantDraft): string | null => {
    const version = versionById.get(variant.promptVersionId);
    const model = models.data?.find((candidate) => candidate.id === variant.modelId);
    if (!version || !model) return null;
    const strategyName = t(`strategies.${variant.strategyKind || version.strategy.kind}`);
    return defaultVariantLabel({ templateName: variant.templateName, versionNumber: version.number, strategyName, modelName: model.displayName || model.name });
  };

  const create = useMutation({
    mutationFn: () => apiSend<ApiItem<ExperimentView>>("POST", "/experiments", toRequestBody(draft, defaultLabelOf)),
    onSuccess: (body) => {
      void queryClient.invalidateQueries({ queryKey: experimentKeys.list() });
      router.push(`/prompts/experiments/${body.data.id}`);
    },
  });

  const ready = draft.name.trim() !== "" && draft.datasetVersionId !== "" && draft.variants.every((variant) => variant.promptVersionId && variant.modelId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) create.mutate();
  };
  const first = draft.variants[0]!;
  const loadFailed = templates.isError || models.isError || datasets.isError;

  return (
    <div>
      <ExperimentsNav />
      <Link href="/prompts/experiments" className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="size-4" aria-hidden />
        {t("create.back")}
      </Link>
      <PageHeader title={t("create.title")} description={t("create.description")} />

      <form onSubmit={submit} className="space-y-6">
        {loadFailed && <Alert tone="error">{t("create.loadFailed")}</Alert>}
        {templates.isSuccess && templates.data.length === 0 && <Alert tone="warning">{t("create.noTemplates")}</Alert>}
        {models.isSuccess && models.data.length === 0 && <Alert tone="warning">{t("create.noModels")}</Alert>}
        {datasets.isSuccess && !datasets.data.some((dataset) => dataset.latestVersion) && <Alert tone="warning">{t("create.noDatasets")}</Alert>}

        <Card>
          <CardBody>
            <FormField id="experiment-name" label={t("create.name")} required>
              <Input value={draft.name} maxLength={120} placeholder={t("create.namePlaceholder")} onChange={(event) => update({ name: event.target.value })} />
            </FormField>
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title={t("create.variantsTitle")}
            description={t("create.variantsDescription", { max: MAX_VARIANTS })}
            actions={
              <Button
                variant="secondary"
                size="sm"
                icon={<Layers className="size-4" aria-hidden />}
                title={t("create.fourStrategiesHint")}
                disabled={!first.promptVersionId || !first.modelId}
                onClick={() => update({ variants: fourStrategyVariants(first) })}
              >
                {t("create.fourStrategies")}
              </Button>
            }
          />
          <CardBody className="space-y-4">
            {draft.variants.map((variant, index) => (
              <VariantFields
                key={variant.key}
                variant={variant}
                index={index}
                templates={templates.data ?? []}
                versions={versionsByTemplate.get(variant.templateName) ?? []}
                models={models.data ?? []}
                defaultLabel={defaultLabelOf(variant)}
                canRemove={draft.variants.length > 1}
                onChange={(patch) => updateVariant(variant.key, patch)}
                onRemove={() => update({ variants: draft.variants.filter((candidate) => candidate.key !== variant.key) })}
              />
            ))}
            <Button
              variant="secondary"
              size="sm"
              icon={<Plus className="size-4" aria-hidden />}
              disabled={draft.variants.length >= MAX_VARIANTS}
              onClick={() => update({ variants: [...draft.variants, newVariant({ templateName: first.templateName, modelId: first.modelId })] })}
            >
              {t("create.addVariant")}
            </Button>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("create.dataTitle")} />
          <CardBody>
            <RowFields draft={draft} datasets={datasets.data ?? []} versions={datasetVersions.data ?? []} datasetType={datasetType} variables={variables} onChange={update} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("create.scoringTitle")} />
          <CardBody>
            <ScoringFields draft={draft} onChange={update} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("create.runTitle")} />
          <CardBody>
            <FormField id="experiment-concurrency" label={t("create.concurrency")} hint={t("create.concurrencyHint")} className="max-w-xs">
              <Input type="number" min={1} max={MAX_CONCURRENCY} value={draft.concurrency} onChange={(event) => update({ concurrency: Number(event.target.value) })} />
            </FormField>
          </CardBody>
          <CardFooter className="justify-between">
            <p className="text-sm text-muted tabular-nums">{rows > 0 && t("create.estimate", { rows, variants: draft.variants.length, sampled: sampled.length, samples: sampleCounts, calls })}</p>
            <Button type="submit" loading={create.isPending} disabled={!ready}>
              {t("create.submit")}
            </Button>
          </CardFooter>
        </Card>

        {create.isError && <Alert tone="error">{errorMessage(create.error)}</Alert>}
      </form>
    </div>
  );
}
