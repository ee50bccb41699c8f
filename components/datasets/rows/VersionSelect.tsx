"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { Select } from "@/components/ui";
import type { VersionOption } from "./types";

export type VersionSelectProps = {
  versions: VersionOption[];
  value: string;
  onChange: (versionId: string) => void;
  label: string;
  /** Text of an empty first option, e.g. "No comparison"; leave out to require a version. */
  emptyOption?: string;
  className?: string;
};

/** Renders a labelled select of dataset versions, "Draft" or "v3", each with its row count. */
export function VersionSelect({ versions, value, onChange, label, emptyOption, className }: VersionSelectProps) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const id = useId();

  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-muted">
        {label}
      </label>
      <Select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={emptyOption}
        options={versions.map((version) => ({
          value: version.id,
          label: t("version.option", {
            name: version.status === "draft" ? t("version.draft") : t("version.numbered", { number: version.number ?? 0 }),
            rows: format.number(version.rowCount),
          }),
        }))}
      />
    </div>
  );
}

/** "Draft" or "v3", for headings and notices. */
export function useVersionName(): (version: VersionOption) => string {
  const t = useTranslations("datasetRows");
  return (version) => (version.status === "draft" ? t("version.draft") : t("version.numbered", { number: version.number ?? 0 }));
}
