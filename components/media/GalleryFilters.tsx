"use client";

import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { Button, Input, Select } from "@/components/ui";
import { useMediaTags } from "./queries";
import { DatasetUseFilter } from "./dataset-rows/DatasetUseFilter";
import type { MediaFilters } from "./types";

/** Milliseconds the search box waits after the last keystroke before it searches. */
const SEARCH_DELAY_MS = 300;

/** Renders the gallery's filter bar: text search, type, tag, upload date range and "has text". */
export function GalleryFilters({ filters, onChange }: { filters: MediaFilters; onChange: (filters: MediaFilters) => void }) {
  const t = useTranslations("media.filters");
  const id = useId();
  const { data: tags } = useMediaTags();
  const [search, setSearch] = useState(filters.q ?? "");

  useEffect(() => {
    const query = search.trim() || undefined;
    if (query === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: query }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const set = (change: Partial<MediaFilters>) => onChange({ ...filters, ...change });
  const active = Object.values(filters).some((value) => value !== undefined && value !== "");

  return (
    <div className="flex flex-wrap items-end gap-3" role="search">
      <label className="relative min-w-64 flex-1">
        <span className="sr-only">{t("search")}</span>
        <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted" aria-hidden />
        <Input type="search" className="pl-8" placeholder={t("searchPlaceholder")} value={search} onChange={(event) => setSearch(event.target.value)} />
      </label>

      <FilterSelect
        id={`${id}-kind`}
        label={t("kind")}
        value={filters.kind ?? ""}
        onChange={(value) => set({ kind: (value || undefined) as MediaFilters["kind"] })}
        options={[
          { value: "", label: t("allKinds") },
          { value: "image", label: t("images") },
          { value: "audio", label: t("audio") },
        ]}
      />

      <FilterSelect
        id={`${id}-tag`}
        label={t("tag")}
        value={filters.tag ?? ""}
        onChange={(value) => set({ tag: value || undefined })}
        options={[{ value: "", label: t("allTags") }, ...(tags ?? []).map((entry) => ({ value: entry.tag, label: `${entry.tag} (${entry.count})` }))]}
      />

      <FilterSelect
        id={`${id}-text`}
        label={t("hasText")}
        value={filters.hasText ?? ""}
        onChange={(value) => set({ hasText: (value || undefined) as MediaFilters["hasText"] })}
        options={[
          { value: "", label: t("anyText") },
          { value: "true", label: t("withText") },
          { value: "false", label: t("withoutText") },
        ]}
      />

      <DatasetUseFilter id={`${id}-dataset`} value={filters.inDataset} onChange={(inDataset) => set({ inDataset })} />

      <div className="space-y-1">
        <label htmlFor={`${id}-from`} className="block text-xs font-medium text-muted">
          {t("from")}
        </label>
        <Input id={`${id}-from`} type="date" value={filters.from ?? ""} onChange={(event) => set({ from: event.target.value || undefined })} />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-to`} className="block text-xs font-medium text-muted">
          {t("to")}
        </label>
        <Input id={`${id}-to`} type="date" value={filters.to ?? ""} onChange={(event) => set({ to: event.target.value || undefined })} />
      </div>

      {active && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setSearch("");
            onChange({});
          }}
        >
          {t("clear")}
        </Button>
      )}
    </div>
  );
}

type FilterSelectProps = { id: string; label: string; value: string; onChange: (value: string) => void; options: { value: string; label: string }[] };

function FilterSelect({ id, label, value, onChange, options }: FilterSelectProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)} options={options} />
    </div>
  );
}
