"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useId, useState, type KeyboardEvent, type RefObject } from "react";
import { cn } from "@/components/ui";
import type { DatasetType } from "@/lib/datasets/model";
import { FlagBadges, LabelBadges, ReviewBadge, SplitBadge } from "./RowBadges";
import { RowSummary } from "./RowSummary";
import type { DatasetRow } from "./types";
import type { RowWindows } from "./use-row-windows";

// Every row has the same height, so the virtualizer never measures and scrolling stays smooth at any size.
// NOTE: browsers cap an element's height (Firefox near 17.9 million px, not measured here), which at 60 px
// per row may hide the last rows of versions with several hundred thousand rows. Checked up to 100,000 rows.
const ROW_HEIGHT = 60;
const HEADER_HEIGHT = 36;
const ROW_LAYOUT = "grid items-center gap-3 px-3";
// Only classification rows keep labels, so other types get no Labels column.
const TEMPLATE_WITH_LABELS = "4.5rem minmax(18rem,1fr) 10rem 6.5rem 6.5rem 8rem 5.5rem";
const TEMPLATE_WITHOUT_LABELS = "4.5rem minmax(18rem,1fr) 6.5rem 6.5rem 8rem 5.5rem";

export type RowsTableProps = {
  rows: RowWindows;
  /** The scrolling grid element, so the page can return focus to the table. */
  gridRef: RefObject<HTMLDivElement | null>;
  type: DatasetType | null;
  /** Row key of the row open in the side panel, highlighted in the table. */
  openRowKey: string | null;
  onOpen: (row: DatasetRow) => void;
  /** True when a filter or search is active; changes the empty-state text. */
  filtered: boolean;
};

/**
 * Renders the virtualised rows table as one ARIA grid. The grid keeps focus on itself and moves an active
 * row with the arrow keys, Page Up/Down, Home and End (aria-activedescendant), because rendered rows come
 * and go while scrolling. Enter or Space opens the active row.
 */
export function RowsTable({ rows, gridRef, type, openRowKey, onOpen, filtered }: RowsTableProps) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const idPrefix = useId();
  const scrollRef = gridRef;
  const [activeIndex, setActiveIndex] = useState(0);

  const count = rows.count + (rows.hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  const { ensureRange } = rows;

  useEffect(() => {
    ensureRange(firstIndex, lastIndex);
  }, [ensureRange, firstIndex, lastIndex, rows.count, rows.firstLoaded]);

  const lastRow = rows.count - 1;
  const active = Math.min(activeIndex, Math.max(0, lastRow));

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(lastRow, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (lastRow < 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageRows,
      PageUp: active - pageRows,
      Home: 0,
      End: lastRow,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]!);
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const row = rows.rowAt(active);
      if (row) onOpen(row);
    }
  }

  const showLabels = type === "classification";
  const columnCount = showLabels ? 7 : 6;
  const gridStyle = { gridTemplateColumns: showLabels ? TEMPLATE_WITH_LABELS : TEMPLATE_WITHOUT_LABELS };
  const rowId = (index: number) => `${idPrefix}-row-${index}`;
  const empty = rows.firstLoaded && !rows.error && rows.count === 0;

  return (
    <div className="overflow-hidden rounded-lg border border-border bg-surface">
      <div
        ref={scrollRef}
        role="grid"
        aria-label={t("table.caption")}
        aria-rowcount={rows.total !== null ? rows.total + 1 : -1}
        aria-colcount={columnCount}
        aria-activedescendant={lastRow >= 0 ? rowId(active) : undefined}
        aria-busy={!rows.firstLoaded || undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="group relative h-[65vh] min-h-96 overflow-auto outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-inset"
      >
        <div className="min-w-[58rem]">
          <div
            role="row"
            aria-rowindex={1}
            className={cn(ROW_LAYOUT, "sticky top-0 z-10 border-b border-border bg-subtle text-xs font-medium text-muted")}
            style={{ ...gridStyle, height: HEADER_HEIGHT }}
          >
            <span role="columnheader">{t("table.position")}</span>
            <span role="columnheader">{t("table.content")}</span>
            {showLabels && <span role="columnheader">{t("table.labels")}</span>}
            <span role="columnheader">{t("table.split")}</span>
            <span role="columnheader">{t("table.review")}</span>
            <span role="columnheader">{t("table.flags")}</span>
            <span role="columnheader" className="text-right">
              {t("table.tokens")}
            </span>
          </div>

          {!rows.firstLoaded && <p className="px-4 py-16 text-center text-sm text-muted">{t("table.loading")}</p>}
          {empty ? (
            <p className="px-4 py-16 text-center text-sm text-muted">{filtered ? t("table.emptyFiltered") : t("table.empty")}</p>
          ) : (
            <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const row = item.index < rows.count ? rows.rowAt(item.index) : undefined;
                const isMoreRow = item.index >= rows.count;
                const isActive = item.index === active;
                return (
                  <div
                    key={item.key}
                    id={rowId(item.index)}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={row ? row.rowKey === openRowKey : undefined}
                    onClick={() => {
                      setActiveIndex(item.index);
                      if (row) onOpen(row);
                    }}
                    className={cn(
                      ROW_LAYOUT,
                      "absolute top-0 left-0 w-full cursor-pointer border-b border-border",
                      row && row.rowKey === openRowKey ? "bg-brand-50" : "hover:bg-subtle/60",
                      // The active row is outlined only while the grid has keyboard focus.
                      isActive && "-outline-offset-2 outline-brand-500 group-focus-visible:outline-2",
                    )}
                    style={{ ...gridStyle, height: ROW_HEIGHT, transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                  >
                    {isMoreRow ? (
                      <span role="gridcell" aria-colspan={columnCount} className="col-span-full text-sm text-muted">
                        {t("table.loadingMore")}
                      </span>
                    ) : row ? (
                      <>
                        <span role="gridcell" className="text-xs text-muted tabular-nums">
                          {format.number(row.position + 1)}
                        </span>
                        <span role="gridcell" className="min-w-0">
                          <RowSummary type={type} data={row.data} />
                        </span>
                        {showLabels && (
                          <span role="gridcell" className="min-w-0">
                            <LabelBadges labels={row.labels} max={2} />
                          </span>
                        )}
                        <span role="gridcell">
                          <SplitBadge split={row.split} />
                        </span>
                        <span role="gridcell">
                          <ReviewBadge review={row.review} />
                        </span>
                        <span role="gridcell" className="min-w-0">
                          <FlagBadges flags={row.flags} />
                        </span>
                        <span role="gridcell" className="text-right text-sm tabular-nums">
                          {format.number(row.tokens)}
                        </span>
                      </>
                    ) : (
                      <span role="gridcell" aria-colspan={columnCount} className="col-span-full flex items-center gap-3">
                        <span className="sr-only">{t("table.loadingRow")}</span>
                        <span aria-hidden className="h-3 w-10 animate-pulse rounded bg-subtle" />
                        <span aria-hidden className="h-3 flex-1 animate-pulse rounded bg-subtle" />
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
