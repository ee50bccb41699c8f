"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { FieldSet, FormField, Input, Select } from "@/components/ui";
import { DATASET_TYPES, SOURCE_FORMATS, type DatasetType } from "@/lib/datasets/model";
import type { ImportView } from "../types";
import { ENCODINGS, exampleValue, parseTokenLimit, sourceFields, type ImportSettings } from "./import-settings";
import { MappingEditor } from "./MappingEditor";

/** Message keys of the delimiters that have a name; others (such as ";" or "|") are shown as they are. */
const DELIMITER_NAMES: Record<string, string> = { "\t": "tab", ",": "comma" };

type Props = {
  datasetImport: ImportView;
  settings: ImportSettings;
  onChange: (settings: ImportSettings, options?: { mappingEdited?: boolean }) => void;
  /** True when the dataset already has a version, so appending is possible. */
  hasVersion: boolean;
  /** The dataset's type once set by its first import; other types are then unavailable. */
  datasetType: DatasetType | null;
  disabled: boolean;
};

/** Renders the review screen's settings: how to read the file, which type and mapping to use, and how to write the rows. */
export function ImportSettingsForm({ datasetImport, settings, onChange, hasVersion, datasetType, disabled }: Props) {
  const t = useTranslations("datasets.review");
  const tTypes = useTranslations("datasets.types");
  const id = useId();
  const info = datasetImport.report?.info;
  const detection = datasetImport.report?.detection;
  const isSpreadsheet = settings.format === "xlsx";
  const tokenLimitInvalid = parseTokenLimit(settings.tokenLimit) === undefined;
  const set = (patch: Partial<ImportSettings>) => onChange({ ...settings, ...patch });

  // A new type shows the detected mapping for it; only the type is sent, and the analysis maps the fields.
  function changeType(type: DatasetType) {
    const candidate = type === detection?.type ? detection : detection?.candidates?.find((item) => item.type === type);
    onChange({ ...settings, type, mapping: { ...(candidate?.mapping ?? {}) } }, { mappingEdited: false });
  }

  return (
    <div className="space-y-6">
      <FieldSet legend={t("fileLegend")}>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <FormField id={`${id}-format`} label={t("format")} hint={info?.format ? t("detected", { value: t(`formats.${info.format}`) }) : undefined}>
            <Select
              value={settings.format}
              disabled={disabled}
              onChange={(event) => set({ format: event.target.value })}
              options={SOURCE_FORMATS.map((value) => ({ value, label: t(`formats.${value}`) }))}
            />
          </FormField>
          {!isSpreadsheet && (
            <FormField id={`${id}-encoding`} label={t("encoding")} hint={info?.encoding ? t("detected", { value: t.has(`encodings.${info.encoding}`) ? t(`encodings.${info.encoding}`) : info.encoding }) : undefined}>
              <Select
                value={settings.encoding}
                disabled={disabled}
                onChange={(event) => set({ encoding: event.target.value })}
                options={ENCODINGS.map((value) => ({ value, label: t(`encodings.${value}`) }))}
              />
            </FormField>
          )}
          {!isSpreadsheet && info?.lineEnding && (
            <div className="space-y-1.5">
              <p className="text-sm font-medium">{t("lineEnding")}</p>
              <p className="text-sm text-muted">{t(`lineEndings.${info.lineEnding}`)}</p>
            </div>
          )}
          {!isSpreadsheet && info?.delimiter && (
            <div className="space-y-1.5">
              <p className="text-sm font-medium">{t("delimiter")}</p>
              <p className="text-sm text-muted">{DELIMITER_NAMES[info.delimiter] ? t(`delimiters.${DELIMITER_NAMES[info.delimiter]}`) : info.delimiter}</p>
            </div>
          )}
          {isSpreadsheet && (info?.sheets?.length ?? 0) > 0 && (
            <FormField id={`${id}-sheet`} label={t("sheet")} hint={t("sheetHint")}>
              <Select
                value={settings.sheet}
                disabled={disabled}
                onChange={(event) => set({ sheet: event.target.value })}
                options={(info?.sheets ?? []).map((value) => ({ value, label: value }))}
              />
            </FormField>
          )}
        </div>
      </FieldSet>

      <FieldSet legend={t("typeLegend")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            id={`${id}-type`}
            label={t("type")}
            hint={
              datasetType
                ? t("typeFixed", { type: tTypes(datasetType) })
                : detection
                  ? t("typeDetected", { type: tTypes(detection.type) })
                  : undefined
            }
          >
            <Select
              value={settings.type}
              disabled={disabled}
              onChange={(event) => changeType(event.target.value as DatasetType)}
              options={DATASET_TYPES.map((value) => ({ value, label: tTypes(value), disabled: datasetType !== null && value !== datasetType }))}
            />
          </FormField>
          {settings.type === "classification" && (
            <div className="flex items-center gap-2 self-center">
              <input
                id={`${id}-multi`}
                type="checkbox"
                className="size-4 accent-brand-600"
                checked={settings.multiLabel}
                disabled={disabled}
                onChange={(event) => set({ multiLabel: event.target.checked })}
              />
              <label htmlFor={`${id}-multi`} className="text-sm">
                {t("multiLabel")}
              </label>
            </div>
          )}
        </div>
        <div className="space-y-2">
          <p className="text-sm font-medium">{t("mapping")}</p>
          <p className="text-xs text-muted">{t("mappingHint")}</p>
          <MappingEditor
            type={settings.type}
            mapping={settings.mapping}
            sources={sourceFields(datasetImport)}
            exampleOf={(source) => exampleValue(datasetImport, source)}
            disabled={disabled}
            onChange={(mapping) => onChange({ ...settings, mapping }, { mappingEdited: true })}
          />
        </div>
      </FieldSet>

      <FieldSet legend={t("rowsLegend")}>
        <FormField id={`${id}-tokens`} label={t("tokenLimit")} hint={t("tokenLimitHint")} error={tokenLimitInvalid ? t("tokenLimitInvalid") : undefined} className="max-w-xs">
          <Input inputMode="numeric" value={settings.tokenLimit} disabled={disabled} onChange={(event) => set({ tokenLimit: event.target.value })} />
        </FormField>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("invalidRows")}</legend>
          <RadioOption name={`${id}-invalid`} checked={settings.skipInvalid} disabled={disabled} onSelect={() => set({ skipInvalid: true })} label={t("skipInvalid")} hint={t("skipInvalidHint")} />
          <RadioOption name={`${id}-invalid`} checked={!settings.skipInvalid} disabled={disabled} onSelect={() => set({ skipInvalid: false })} label={t("fixInPlace")} hint={t("fixInPlaceHint")} />
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("mode")}</legend>
          <RadioOption name={`${id}-mode`} checked={settings.mode === "replace"} disabled={disabled} onSelect={() => set({ mode: "replace" })} label={t("replace")} hint={t("replaceHint")} />
          <RadioOption
            name={`${id}-mode`}
            checked={settings.mode === "append"}
            disabled={disabled || !hasVersion}
            onSelect={() => set({ mode: "append" })}
            label={t("append")}
            hint={hasVersion ? t("appendHint") : t("appendUnavailable")}
          />
        </fieldset>
      </FieldSet>
    </div>
  );
}

function RadioOption({ name, checked, disabled, onSelect, label, hint }: { name: string; checked: boolean; disabled: boolean; onSelect: () => void; label: string; hint: string }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="radio" name={name} checked={checked} disabled={disabled} onChange={onSelect} className="mt-0.5 size-4 accent-brand-600" aria-describedby={`${id}-hint`} />
      <div>
        <label htmlFor={id} className="text-sm">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      </div>
    </div>
  );
}
