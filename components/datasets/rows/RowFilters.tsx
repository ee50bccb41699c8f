"use client";

import { Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { Button, Input, Select } from "@/components/ui";
import { REVIEW_FILTERS, SPLIT_FILTERS, type RowFilter } from "./types";
import { useDebouncedValue } from "./use-debounced-value";

// Search waits for a pause in typing, so each keystroke does not start a query over the whole version.
const SEARCH_DELAY_MS = 350;

export type RowFiltersProps = {
  filter: RowFilter;
  onChange: (filter: RowFilter) => void;
  /** Labels offered in the label filter, which is hidden when there are none: the dataset's label set, else the version's most frequent labels. */
  labelOptions: string[];
  /** Optional filters to show. The labelling queue leaves them out, because it has its own review order and no search. */
  show?: { flag?: boolean; review?: boolean; search?: boolean };
};

/** Renders the filter bar above the rows table: split, label, flag, review state and a text search. */
export function RowFilters({ filter, onChange, labelOptions, show = { flag: true, review: true, search: true } }: RowFiltersProps) {
  const t = useTranslations("datasetRows");
  const id = useId();
  const [searchText, setSearchText] = useState(filter.search ?? "");
  const [flagText, setFlagText] = useState(filter.flag ?? "");
  const search = useDebouncedValue(searchText.trim(), SEARCH_DELAY_MS);
  const flag = useDebouncedValue(flagText.trim(), SEARCH_DELAY_MS);

  useEffect(() => {
    if ((filter.search ?? "") !== search) onChange({ ...filter, search: search || undefined });
    // Runs only when the settled text changes; the other filters reach the parent through their own controls.
  }, [search]);

  useEffect(() => {
    if ((filter.flag ?? "") !== flag) onChange({ ...filter, flag: flag || undefined });
  }, [flag]);

  const active = Object.values(filter).some((value) => value !== undefined && value !== "");

  function clear() {
    setSearchText("");
    setFlagText("");
    onChange({});
  }

  return (
    <div role="search" aria-label={t("filters.label")} className="flex flex-wrap items-end gap-3">
      <div className="w-40 space-y-1">
        <label htmlFor={`${id}-split`} className="block text-xs font-medium text-muted">
          {t("filters.split")}
        </label>
        <Select
          id={`${id}-split`}
          value={filter.split ?? ""}
          onChange={(event) => onChange({ ...filter, split: (event.target.value || undefined) as RowFilter["split"] })}
          placeholder={t("filters.all")}
          options={SPLIT_FILTERS.map((split) => ({ value: split, label: t(`splits.${split}`) }))}
        />
      </div>

      {labelOptions.length > 0 && (
        <div className="w-48 space-y-1">
          <label htmlFor={`${id}-label`} className="block text-xs font-medium text-muted">
            {t("filters.labelFilter")}
          </label>
          <Select
            id={`${id}-label`}
            value={filter.label ?? ""}
            onChange={(event) => onChange({ ...filter, label: event.target.value || undefined })}
            placeholder={t("filters.all")}
            options={labelOptions.map((label) => ({ value: label, label }))}
          />
        </div>
      )}

      {show.review && (
        <div className="w-40 space-y-1">
          <label htmlFor={`${id}-review`} className="block text-xs font-medium text-muted">
            {t("filters.review")}
          </label>
          <Select
            id={`${id}-review`}
            value={filter.review ?? ""}
            onChange={(event) => onChange({ ...filter, review: (event.target.value || undefined) as RowFilter["review"] })}
            placeholder={t("filters.all")}
            options={REVIEW_FILTERS.map((review) => ({ value: review, label: t(`review.${review}`) }))}
          />
        </div>
      )}

      {show.flag && (
        <div className="w-40 space-y-1">
          <label htmlFor={`${id}-flag`} className="block text-xs font-medium text-muted">
            {t("filters.flag")}
          </label>
          <Input id={`${id}-flag`} value={flagText} onChange={(event) => setFlagText(event.target.value)} placeholder={t("filters.flagPlaceholder")} maxLength={100} />
        </div>
      )}

      {show.search && (
        <div className="min-w-56 flex-1 space-y-1">
          <label htmlFor={`${id}-search`} className="block text-xs font-medium text-muted">
            {t("filters.search")}
          </label>
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted" />
            <Input
              id={`${id}-search`}
              type="search"
              value={searchText}
              onChange={(event) => setSearchText(event.target.value)}
              placeholder={t("filters.searchPlaceholder")}
              maxLength={200}
              className="pl-8"
            />
          </div>
        </div>
      )}

      {active && (
        <Button variant="ghost" icon={<X className="size-4" aria-hidden />} onClick={clear}>
          {t("filters.clear")}
        </Button>
      )}
    </div>
  );
}
