"use client";

import { Images } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, PageHeader } from "@/components/ui";
import { useMediaErrorMessage } from "./error-text";
import { GalleryFilters } from "./GalleryFilters";
import { MediaCard } from "./MediaCard";
import { MediaUploader } from "./MediaUploader";
import { useMediaPages } from "./queries";
import { CaptionAction } from "./ask/CaptionAction";
import { ExtractLink } from "./extract/ExtractLink";
import { SelectionBar } from "./SelectionBar";
import type { MediaFilters } from "./types";

/**
 * Renders the multimodal page body: the upload card for roles that may upload, the filter bar, the
 * selection bar and the thumbnail grid, loaded a page at a time.
 */
export function MediaGallery({ canWrite, canUseModels = false }: { canWrite: boolean; canUseModels?: boolean }) {
  const t = useTranslations("media");
  const tCommon = useTranslations("common");
  const { errorText } = useMediaErrorMessage();
  const [filters, setFilters] = useState<MediaFilters>({});
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const lastToggled = useRef<string | null>(null);
  const { data, error, isPending, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useMediaPages(filters);

  const assets = useMemo(() => data?.pages.flatMap((page) => page.data) ?? [], [data]);
  const selected = useMemo(() => assets.filter((asset) => selectedIds.includes(asset.id)), [assets, selectedIds]);
  const filtered = Object.values(filters).some((value) => value !== undefined);

  const changeFilters = useCallback((next: MediaFilters) => {
    setFilters(next);
    setSelectedIds([]);
  }, []);

  /** Toggles one file; with Shift held, selects every file between the last toggled one and this one. */
  function toggle(id: string, extend: boolean) {
    const anchor = lastToggled.current;
    lastToggled.current = id;
    if (extend && anchor) {
      const [from, to] = [assets.findIndex((asset) => asset.id === anchor), assets.findIndex((asset) => asset.id === id)].sort((a, b) => a - b);
      if (from !== undefined && to !== undefined && from >= 0) {
        const range = assets.slice(from, to + 1).map((asset) => asset.id);
        setSelectedIds((current) => [...new Set([...current, ...range])]);
        return;
      }
    }
    setSelectedIds((current) => (current.includes(id) ? current.filter((existing) => existing !== id) : [...current, id]));
  }

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={<ExtractLink />} />

      <div className="space-y-5">
        {canWrite && <MediaUploader />}

        <GalleryFilters filters={filters} onChange={changeFilters} />

        {canWrite && selected.length > 0 && <SelectionBar selected={selected} onClear={() => setSelectedIds([])} />}
        {canWrite && canUseModels && selected.length > 0 && <CaptionAction selected={selected} />}

        {error && (
          <Alert tone="error">
            {errorText(error)}{" "}
            <button type="button" className="font-medium underline" onClick={() => void refetch()}>
              {tCommon("retry")}
            </button>
          </Alert>
        )}

        {isPending ? (
          <p className="text-sm text-muted">{tCommon("loading")}</p>
        ) : assets.length === 0 ? (
          filtered ? (
            <p className="py-10 text-center text-sm text-muted">{t("gallery.noMatches")}</p>
          ) : (
            <EmptyState icon={<Images className="size-6" />} title={t("gallery.emptyTitle")} description={canWrite ? t("gallery.emptyBody") : t("gallery.emptyBodyReadOnly")} />
          )
        ) : (
          <>
            <div className="flex items-center justify-between text-sm text-muted">
              <span>{t("gallery.shown", { count: assets.length })}</span>
              {canWrite && (
                <button type="button" className="underline" onClick={() => setSelectedIds(selected.length === assets.length ? [] : assets.map((asset) => asset.id))}>
                  {selected.length === assets.length ? t("gallery.selectNone") : t("gallery.selectAll")}
                </button>
              )}
            </div>
            <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-6" aria-label={t("gallery.label")}>
              {assets.map((asset) => (
                <MediaCard key={asset.id} asset={asset} selectable={canWrite} selected={selectedIds.includes(asset.id)} onToggle={toggle} />
              ))}
            </ul>
            {hasNextPage && (
              <div className="flex justify-center">
                <Button variant="secondary" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                  {t("gallery.loadMore")}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </>
  );
}
