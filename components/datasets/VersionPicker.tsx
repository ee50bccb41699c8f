"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { Select } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { useSelectedVersion } from "./use-selected-version";
import type { VersionView } from "./types";

/**
 * Renders a select of the dataset's versions that writes the choice to the URL as `?v=<versionId>`, so every tab
 * (overview, rows, clean, split, export) opens on the same version. Defaults to the newest ready version.
 */
export function VersionPicker({ datasetId, includeDraft = false, className }: { datasetId: string; includeDraft?: boolean; className?: string }) {
  const t = useTranslations("datasets.versionPicker");
  const id = useId();
  const { versions, selected, selectVersion, query } = useSelectedVersion(datasetId, { includeDraft });
  const label = useVersionLabel();

  if (query.isPending) return <p className="text-sm text-muted">{t("loading")}</p>;
  if (versions.length === 0) return null;

  return (
    <div className={cn("flex items-center gap-2", className)}>
      <label htmlFor={id} className="text-sm font-medium whitespace-nowrap text-fg">
        {t("label")}
      </label>
      <Select
        id={id}
        value={selected?.id ?? ""}
        onChange={(event) => selectVersion(event.target.value)}
        options={versions.map((version) => ({ value: version.id, label: label(version) }))}
        className="w-auto min-w-56"
      />
    </div>
  );
}

/** Returns a function naming a version as "v3 · Cleaned · 1,204 rows", or "Draft · ..." for the draft. */
export function useVersionLabel(): (version: VersionView) => string {
  const t = useTranslations("datasets");
  const format = useFormatter();
  return (version: VersionView) => {
    const name = version.status === "draft" ? t("versions.draft") : t("versions.number", { number: version.number ?? 0 });
    const operation = t.has(`operations.${version.operation}`) ? t(`operations.${version.operation}`) : version.operation;
    return t("versionPicker.option", { name, operation, rows: format.number(version.rowCount) });
  };
}
