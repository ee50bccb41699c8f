"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { Badge, Input } from "@/components/ui";

export type LabelsEditorProps = {
  labels: string[];
  onChange: (labels: string[]) => void;
  /** Allowed labels; when empty, any label can be typed. */
  labelSet: string[];
  multiLabel: boolean;
  /** Offered while typing when there is no label set, e.g. the version's most frequent labels. */
  suggestions: string[];
  error?: string;
};

/**
 * Edits a row's labels. With a label set it offers checkboxes (multi-label) or radio buttons (single
 * label). Without one it takes typed labels, shown as removable chips when the dataset is multi-label.
 */
export function LabelsEditor({ labels, onChange, labelSet, multiLabel, suggestions, error }: LabelsEditorProps) {
  const t = useTranslations("datasetRows");
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;

  const errorLine = error && (
    <p id={errorId} role="alert" className="text-xs font-medium text-red-600">
      {error}
    </p>
  );

  if (labelSet.length > 0) {
    // Labels outside the set (from before the set was changed) stay visible so they can be removed.
    const options = [...labelSet, ...labels.filter((label) => !labelSet.includes(label))];
    return (
      <fieldset className="space-y-2" aria-describedby={errorId}>
        <legend className="mb-1 text-sm font-medium text-fg">{multiLabel ? t("edit.labelsMulti") : t("edit.labelSingle")}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {!multiLabel && (
            <label className="flex items-center gap-1.5 text-sm">
              <input type="radio" name={`${id}-label`} checked={labels.length === 0} onChange={() => onChange([])} className="accent-brand-600" />
              <span className="text-muted">{t("labels.none")}</span>
            </label>
          )}
          {options.map((label) => (
            <label key={label} className="flex items-center gap-1.5 text-sm">
              {multiLabel ? (
                <input
                  type="checkbox"
                  checked={labels.includes(label)}
                  onChange={(event) => onChange(event.target.checked ? [...labels, label] : labels.filter((existing) => existing !== label))}
                  className="accent-brand-600"
                />
              ) : (
                <input type="radio" name={`${id}-label`} checked={labels[0] === label} onChange={() => onChange([label])} className="accent-brand-600" />
              )}
              <span className={labelSet.includes(label) ? undefined : "text-red-700"}>{label}</span>
            </label>
          ))}
        </div>
        {errorLine}
      </fieldset>
    );
  }

  if (!multiLabel) {
    return (
      <div className="space-y-1.5">
        <label htmlFor={`${id}-single`} className="block text-sm font-medium text-fg">
          {t("edit.labelSingle")}
        </label>
        <Input
          id={`${id}-single`}
          list={`${id}-suggestions`}
          value={labels[0] ?? ""}
          onChange={(event) => onChange(event.target.value.trim() ? [event.target.value] : [])}
          aria-describedby={errorId}
          invalid={Boolean(error)}
          maxLength={200}
        />
        <SuggestionList id={`${id}-suggestions`} suggestions={suggestions} />
        {errorLine}
      </div>
    );
  }

  return <LabelChips id={id} labels={labels} onChange={onChange} suggestions={suggestions} errorId={errorId} errorLine={errorLine} />;
}

function LabelChips({
  id,
  labels,
  onChange,
  suggestions,
  errorId,
  errorLine,
}: {
  id: string;
  labels: string[];
  onChange: (labels: string[]) => void;
  suggestions: string[];
  errorId?: string;
  errorLine: ReactNode;
}) {
  const t = useTranslations("datasetRows");
  const [text, setText] = useState("");

  function add() {
    const label = text.trim();
    if (label && !labels.includes(label)) onChange([...labels, label]);
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add();
    } else if (event.key === "Backspace" && text === "" && labels.length > 0) {
      onChange(labels.slice(0, -1));
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={`${id}-chips`} className="block text-sm font-medium text-fg">
        {t("edit.labelsMulti")}
      </label>
      <ul className="flex flex-wrap gap-1.5" aria-label={t("edit.currentLabels")}>
        {labels.map((label) => (
          <li key={label}>
            <Badge tone="brand" className="gap-1 pr-1">
              {label}
              <button
                type="button"
                onClick={() => onChange(labels.filter((existing) => existing !== label))}
                aria-label={t("edit.removeLabel", { label })}
                className="rounded-full p-0.5 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <X className="size-3" aria-hidden />
              </button>
            </Badge>
          </li>
        ))}
      </ul>
      <Input
        id={`${id}-chips`}
        list={`${id}-suggestions`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={add}
        placeholder={t("edit.addLabelPlaceholder")}
        aria-describedby={errorId}
        invalid={Boolean(errorId)}
        maxLength={200}
      />
      <SuggestionList id={`${id}-suggestions`} suggestions={suggestions} />
      {errorLine}
    </div>
  );
}

function SuggestionList({ id, suggestions }: { id: string; suggestions: string[] }) {
  return (
    <datalist id={id}>
      {suggestions.map((label) => (
        <option key={label} value={label} />
      ))}
    </datalist>
  );
}
