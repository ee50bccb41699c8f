"use client";

import { useTranslations } from "next-intl";
import { Select } from "@/components/ui";

type DatasetUse = "true" | "false" | undefined;

/** Renders the gallery filter "used in a dataset": any, used, or not used. */
export function DatasetUseFilter({ id, value, onChange }: { id: string; value: DatasetUse; onChange: (value: DatasetUse) => void }) {
  const t = useTranslations("mediaAudio.filters");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {t("inDataset")}
      </label>
      <Select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange((event.target.value || undefined) as DatasetUse)}
        options={[
          { value: "", label: t("any") },
          { value: "true", label: t("used") },
          { value: "false", label: t("unused") },
        ]}
      />
    </div>
  );
}
