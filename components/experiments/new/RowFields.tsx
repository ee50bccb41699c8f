"use client";

import { useTranslations } from "next-intl";
import { FormField, Input, Select } from "@/components/ui";
import type { DatasetType } from "@/lib/datasets/model";
import { DEFAULT_INPUT_FIELD, ROW_FIELDS } from "@/lib/experiments/row-fields";
import { MAX_ROW_LIMIT } from "@/lib/experiments/schemas";
import type { DatasetOption, DatasetVersionOption } from "../types";
import type { ExperimentDraft } from "./form-state";

type Props = {
  draft: ExperimentDraft;
  datasets: DatasetOption[];
  versions: DatasetVersionOption[];
  datasetType: DatasetType | null;
  /** Variable names of the chosen prompt versions, with whether the variable is its version's only one. */
  variables: Array<{ name: string; onlyVariable: boolean }>;
  onChange: (patch: Partial<ExperimentDraft>) => void;
};

/** Dataset, version, split, row limit, expected-answer field and the variable-to-field mapping. */
export function RowFields({ draft, datasets, versions, datasetType, variables, onChange }: Props) {
  const t = useTranslations("experiments");
  const fields = datasetType ? ROW_FIELDS[datasetType] : [];

  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <FormField id="experiment-dataset" label={t("create.dataset")} required>
          <Select
            value={draft.datasetId}
            placeholder={t("create.datasetPlaceholder")}
            onChange={(event) => onChange({ datasetId: event.target.value, datasetVersionId: "", expectedField: "", mapping: {} })}
            options={datasets.filter((dataset) => dataset.latestVersion).map((dataset) => ({ value: dataset.id, label: dataset.name }))}
          />
        </FormField>
        <FormField id="experiment-dataset-version" label={t("create.datasetVersion")} required>
          <Select
            value={draft.datasetVersionId}
            placeholder={t("create.required")}
            disabled={draft.datasetId === ""}
            onChange={(event) => onChange({ datasetVersionId: event.target.value })}
            options={versions.map((version) => ({ value: version.id, label: t("create.datasetVersionOption", { number: version.number ?? 0, rows: version.rowCount }) }))}
          />
        </FormField>
        <FormField id="experiment-split" label={t("create.split")}>
          <Select
            value={draft.split}
            onChange={(event) => onChange({ split: event.target.value as ExperimentDraft["split"] })}
            options={(["all", "test", "validation"] as const).map((split) => ({ value: split, label: t(`splits.${split}`) }))}
          />
        </FormField>
        <FormField id="experiment-row-limit" label={t("create.rowLimit")} hint={t("create.rowLimitHint")}>
          <Input type="number" min={1} max={MAX_ROW_LIMIT} value={draft.rowLimit} onChange={(event) => onChange({ rowLimit: Number(event.target.value) })} />
        </FormField>
        {datasetType && (
          <FormField id="experiment-expected" label={t("create.expectedField")} hint={t("create.expectedFieldHint")} required={datasetType !== "classification"}>
            <Select
              value={draft.expectedField || (datasetType === "classification" ? "label" : "")}
              placeholder={datasetType === "classification" ? undefined : t("create.required")}
              onChange={(event) => onChange({ expectedField: event.target.value })}
              options={fields.map((field) => ({ value: field, label: field }))}
            />
          </FormField>
        )}
      </div>

      {datasetType && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">{t("create.mappingTitle")}</h3>
          <p className="text-xs text-muted">{t("create.mappingHint")}</p>
          {variables.length === 0 && <p className="text-sm text-muted">{t("create.noVariables")}</p>}
          <div className="grid gap-3 md:grid-cols-2">
            {variables.map((variable) => (
              <FormField key={variable.name} id={`experiment-mapping-${variable.name}`} label={`{{${variable.name}}}`}>
                <Select value={draft.mapping[variable.name] ?? ""} onChange={(event) => onChange({ mapping: { ...draft.mapping, [variable.name]: event.target.value } })}>
                  <option value="">{variable.onlyVariable ? t("create.mappingDefault", { field: DEFAULT_INPUT_FIELD[datasetType] }) : t("create.mappingVariableDefault")}</option>
                  {fields.map((field) => (
                    <option key={field} value={field}>
                      {field}
                    </option>
                  ))}
                </Select>
              </FormField>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
