"use client";

import { useTranslations } from "next-intl";
import { Select } from "@/components/ui";
import type { ModelSummary, UsableModel } from "./types";

type Props = {
  id?: string;
  value: string;
  onChange: (modelId: string) => void;
  usable: UsableModel[];
  /** Models the deployment already names; disabled ones stay selectable so the form shows them. */
  known: Map<string, ModelSummary>;
  label: string;
  disabled?: boolean;
};

/** Picks a chat or embeddings model of an enabled provider, labelled "provider / model". */
export function ModelSelect({ id, value, onChange, usable, known, label, disabled }: Props) {
  const t = useTranslations("gateway.form");
  const routable = usable.filter((model) => model.capabilities.includes("chat") || model.capabilities.includes("embeddings"));
  const options = routable.map((model) => ({
    value: model.id,
    label: `${model.providerName} / ${model.displayName || model.name} (${model.capabilities.filter((capability) => capability === "chat" || capability === "embeddings").join(", ")})`,
  }));

  const current = value && !routable.some((model) => model.id === value) ? known.get(value) : undefined;
  if (value && !routable.some((model) => model.id === value)) {
    options.unshift({ value, label: current ? t("unavailableModel", { name: `${current.providerName} / ${current.displayName}` }) : t("deletedModel") });
  }

  return <Select id={id} aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} options={options} placeholder={t("pickModel")} disabled={disabled} />;
}
