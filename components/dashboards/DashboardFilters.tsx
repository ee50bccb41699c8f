"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { Button, Select } from "@/components/ui";
import type { BreakdownItem } from "./types";
import { EMPTY_FILTERS, NONE, RANGE_PRESET_KEYS, type DashboardFilters, type RangePreset } from "./view-state";

type Options = { model: BreakdownItem[]; key: BreakdownItem[]; route: BreakdownItem[] };

type Props = {
  preset: RangePreset;
  onPresetChange: (preset: RangePreset) => void;
  filters: DashboardFilters;
  onFiltersChange: (filters: DashboardFilters) => void;
  /** Models, keys and routes seen in the view without filters. */
  options: Options;
  onRefresh: () => void;
  refreshing: boolean;
};

/** Renders the time range and the source, model, key and route filters of the dashboards. */
export function DashboardFiltersBar({ preset, onPresetChange, filters, onFiltersChange, options, onRefresh, refreshing }: Props) {
  const t = useTranslations("dashboards.filters");
  const ids = { range: useId(), source: useId(), model: useId(), key: useId(), route: useId() };
  const set = (field: keyof DashboardFilters) => (event: { target: { value: string } }) => onFiltersChange({ ...filters, [field]: event.target.value });
  const optionValue = (item: BreakdownItem) => (item.id === "" ? NONE : item.id);

  return (
    <div className="mb-6 flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.range}>{t("range")}</label>
        <Select id={ids.range} value={preset} onChange={(event) => onPresetChange(event.target.value as RangePreset)}>
          {RANGE_PRESET_KEYS.map((key) => (
            <option key={key} value={key}>
              {t(`ranges.${key}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.source}>{t("source")}</label>
        <Select id={ids.source} value={filters.source} onChange={set("source")}>
          <option value="">{t("any")}</option>
          {(["gateway", "playground", "experiment"] as const).map((source) => (
            <option key={source} value={source}>
              {t(`sources.${source}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.model}>{t("model")}</label>
        <Select id={ids.model} value={filters.modelId} onChange={set("modelId")} className="max-w-56">
          <option value="">{t("any")}</option>
          {options.model
            .filter((item) => item.id !== "")
            .map((item) => (
              <option key={item.id} value={item.id}>
                {item.detail ? `${item.name ?? item.id} (${item.detail})` : (item.name ?? item.id)}
              </option>
            ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.key}>{t("key")}</label>
        <Select id={ids.key} value={filters.apiKeyId} onChange={set("apiKeyId")} className="max-w-56">
          <option value="">{t("any")}</option>
          {options.key.map((item) => (
            <option key={optionValue(item)} value={optionValue(item)}>
              {item.id === "" ? t("noKey") : `${item.name ?? t("deletedKey")}${item.detail ? ` (${item.detail})` : ""}`}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={ids.route}>{t("route")}</label>
        <Select id={ids.route} value={filters.route} onChange={set("route")} className="max-w-56">
          <option value="">{t("any")}</option>
          {options.route.map((item) => (
            <option key={optionValue(item)} value={optionValue(item)}>
              {item.id === "" ? t("noRoute") : item.id}
            </option>
          ))}
        </Select>
      </div>
      <Button variant="ghost" onClick={() => onFiltersChange(EMPTY_FILTERS)}>
        {t("reset")}
      </Button>
      <Button variant="secondary" loading={refreshing} onClick={onRefresh}>
        {t("refresh")}
      </Button>
    </div>
  );
}
