"use client";

import { useFormatter, useTranslations } from "next-intl";
import { TypeBadge } from "@/components/datasets/TypeBadge";
import { FormField, Input, Select } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { DatasetVersionOption } from "@/lib/finetune/console-reads";
import { METHODS, TASKS, type FineTuneMethodName, type FineTuneTaskName } from "@/lib/finetune/hyperparameters";
import { FIELD_IDS } from "./field-ids";
import { NAME_MAX_CHARS } from "./form-state";
import type { LaunchFieldProps } from "./NumberInput";
import type { BaseModelOption } from "./types";

type ChoiceFieldsProps = LaunchFieldProps & {
  baseModels: BaseModelOption[];
  versions: DatasetVersionOption[];
  gpuWorkerAvailable: boolean;
  defaultName: string;
};

function BaseModelFacts({ model }: { model: BaseModelOption }) {
  const t = useTranslations("fineTuning.launch");
  const format = useFormatter();
  const unknown = t("unknown");
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md bg-subtle px-3 py-2 text-xs sm:grid-cols-4" data-testid="ft-base-model-facts">
      <div>
        <dt className="text-muted">{t("facts.architecture")}</dt>
        <dd className="font-mono">{model.architecture ?? unknown}</dd>
      </div>
      <div>
        <dt className="text-muted">{t("facts.parameters")}</dt>
        <dd className="tabular-nums">{model.parameterCount === null ? unknown : format.number(model.parameterCount, { notation: "compact", maximumFractionDigits: 1 })}</dd>
      </div>
      <div>
        <dt className="text-muted">{t("facts.contextLength")}</dt>
        <dd className="tabular-nums">{model.contextLength === null ? unknown : t("facts.tokens", { count: model.contextLength })}</dd>
      </div>
      <div>
        <dt className="text-muted">{t("facts.chatTemplate")}</dt>
        <dd>{model.hasChatTemplate ? t("facts.yes") : t("facts.no")}</dd>
      </div>
    </dl>
  );
}

function VersionFacts({ version }: { version: DatasetVersionOption }) {
  const t = useTranslations("fineTuning.launch");
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md bg-subtle px-3 py-2 text-xs" data-testid="ft-dataset-version-facts">
      <TypeBadge type={version.type} />
      <span className="tabular-nums">{t("facts.splits", version.splits)}</span>
      {version.type === "classification" && <span className="tabular-nums">{t("facts.labels", { count: version.labelCount })}</span>}
    </div>
  );
}

/** Name, base model, dataset version, task and method of the job, with the facts the choice depends on. */
export function ChoiceFields({ draft, onChange, errorOf, baseModels, versions, gpuWorkerAvailable, defaultName }: ChoiceFieldsProps) {
  const t = useTranslations("fineTuning");
  const tTypes = useTranslations("datasets.types");
  const baseModel = baseModels.find((model) => model.id === draft.baseModelId);
  const version = versions.find((candidate) => candidate.id === draft.datasetVersionId);

  const modelOptions = baseModels.map((model) => ({
    value: model.id,
    label: model.status === "ready" ? t("launch.baseModelOption", { name: model.name, architecture: model.architecture ?? t("launch.unknown") }) : t("launch.baseModelNotReadyOption", { name: model.name, status: model.status }),
    disabled: model.status !== "ready",
  }));
  const versionOptions = versions.map((candidate) => ({
    value: candidate.id,
    label: t("launch.versionOption", { name: candidate.datasetName, version: candidate.number ?? 0, type: candidate.type ? tTypes(candidate.type) : tTypes("none") }),
  }));
  const methodOptions = METHODS.map((method) => ({
    value: method,
    label: method === "qlora" && !gpuWorkerAvailable ? t("launch.qloraNeedsGpu") : t(`methods.${method}`),
    disabled: method === "qlora" && !gpuWorkerAvailable,
  }));

  return (
    <div className="space-y-4">
      <FormField id={FIELD_IDS.name!} label={t("launch.name")} hint={t("launch.nameHint")} error={errorOf("name")}>
        <Input value={draft.name} maxLength={NAME_MAX_CHARS} placeholder={defaultName} onChange={(event) => onChange({ name: event.target.value })} />
      </FormField>

      <div className="space-y-2">
        <FormField
          id={FIELD_IDS.baseModelId!}
          label={t("launch.baseModel")}
          required
          error={errorOf("baseModelId")}
          hint={
            <Link href="/fine-tuning/base-models" className="text-brand-700 hover:underline">
              {t("launch.registerBaseModel")}
            </Link>
          }
        >
          <Select value={draft.baseModelId} placeholder={t("launch.choose")} options={modelOptions} onChange={(event) => onChange({ baseModelId: event.target.value })} />
        </FormField>
        {baseModel && <BaseModelFacts model={baseModel} />}
      </div>

      <div className="space-y-2">
        <FormField id={FIELD_IDS.datasetVersionId!} label={t("launch.datasetVersion")} required hint={t("launch.datasetVersionHint")} error={errorOf("datasetVersionId")}>
          <Select value={draft.datasetVersionId} placeholder={t("launch.choose")} options={versionOptions} onChange={(event) => onChange({ datasetVersionId: event.target.value })} />
        </FormField>
        {version && <VersionFacts version={version} />}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={FIELD_IDS.task!} label={t("launch.task")} required hint={t("launch.taskHint")} error={errorOf("task")}>
          <Select
            value={draft.task}
            placeholder={t("launch.choose")}
            options={TASKS.map((task) => ({ value: task, label: t(`tasks.${task}`) }))}
            onChange={(event) => onChange({ task: event.target.value as FineTuneTaskName | "" })}
          />
        </FormField>
        <FormField
          id={FIELD_IDS.method!}
          label={t("launch.method")}
          required
          hint={
            <>
              {t(`launch.methodHints.${draft.method}`)}
              {!gpuWorkerAvailable && <span className="mt-1 block">{t("launch.qloraDisabled")}</span>}
            </>
          }
          error={errorOf("method")}
        >
          <Select value={draft.method} options={methodOptions} onChange={(event) => onChange({ method: event.target.value as FineTuneMethodName })} />
        </FormField>
      </div>
    </div>
  );
}
