"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchRowsPage, ROWS_PAGE_SIZE } from "./row-api";
import type { RowFilter, DatasetRow } from "./types";

/** Windows of ROWS_PAGE_SIZE rows kept in memory at once; the ones farthest from the view are dropped first. */
const MAX_WINDOWS = 15;

type RowWindow = { rows: DatasetRow[] | null; loading: boolean; failed: unknown };

type Store = {
  generation: number;
  filtered: boolean;
  windows: Map<number, RowWindow>;
  /** Filtered lists only: the `afterPosition` that fetches window k; window 0 is fetched without one. */
  cursors: (number | undefined)[];
  /** Rows of the filtered list fetched so far, dropped windows included. */
  loadedCount: number;
  hasMore: boolean;
  total: number | null;
  firstLoaded: boolean;
  error: unknown;
  centerWindow: number;
  lastRange: [number, number];
  controllers: Set<AbortController>;
};

export type RowWindows = {
  /** Rows the table should lay out: the total when unfiltered, the rows fetched so far when filtered. */
  count: number;
  /** Matching rows as the API counted them at the first page; null until it arrives. */
  total: number | null;
  /** True while a filtered list has further pages; the table shows a loading row after the last one. */
  hasMore: boolean;
  firstLoaded: boolean;
  error: unknown;
  rowAt(index: number): DatasetRow | undefined;
  /** Fetches the windows that cover rows `start` to `end`. Far windows are dropped as new ones arrive. */
  ensureRange(start: number, end: number): void;
  /** Puts an edited row in place of the row with the same key, wherever it is loaded. */
  replaceRow(row: DatasetRow): void;
  /** Fetches the windows that failed again; starts over when the first page failed. */
  retry(): void;
};

function emptyStore(generation: number, filtered: boolean): Store {
  return {
    generation,
    filtered,
    windows: new Map(),
    cursors: [undefined],
    loadedCount: 0,
    hasMore: filtered,
    total: null,
    firstLoaded: false,
    error: null,
    centerWindow: 0,
    lastRange: [0, 0],
    controllers: new Set(),
  };
}

const isFiltered = (filter: RowFilter) => Object.values(filter).some((value) => value !== undefined && value !== "");

/**
 * Keeps a sliding set of row windows of one version. Unfiltered positions are dense from 0, so any window
 * can be fetched directly with `afterPosition = start - 1`. Filtered lists are read page by page with the
 * cursor each page returns: the list grows as the user scrolls to its end, and a dropped window is fetched
 * again with the cursor remembered for it.
 */
export function useRowWindows(versionId: string, filter: RowFilter): RowWindows {
  const filterKey = JSON.stringify(filter);
  const storeRef = useRef<Store>(emptyStore(0, isFiltered(filter)));
  const [, setRenderTick] = useState(0);
  const rerender = useCallback(() => setRenderTick((tick) => tick + 1), []);

  const loadWindow = useCallback(
    async (index: number) => {
      const store = storeRef.current;
      const existing = store.windows.get(index);
      // A failed window waits for retry(), so a broken server is not asked again on every scroll event.
      if (existing?.rows || existing?.loading || existing?.failed) return;

      const afterPosition = cursorOf(store, index);
      if (store.filtered && index > 0 && afterPosition === undefined) return;

      const generation = store.generation;
      const controller = new AbortController();
      store.controllers.add(controller);
      store.windows.set(index, { rows: null, loading: true, failed: null });
      rerender();

      try {
        const page = await fetchRowsPage(versionId, { filter: JSON.parse(filterKey) as RowFilter, afterPosition }, controller.signal);
        if (storeRef.current.generation !== generation) return;

        store.windows.set(index, { rows: page.rows, loading: false, failed: null });
        if (page.total !== undefined && page.total !== null) store.total = page.total;
        if (index === 0) store.firstLoaded = true;
        if (store.filtered && index === store.cursors.length - 1) {
          // The newest page of a filtered list: remember the cursor of the next one and grow the list.
          store.loadedCount += page.rows.length;
          store.hasMore = page.nextPosition !== null;
          if (page.nextPosition !== null) store.cursors.push(page.nextPosition);
        }
        store.error = null;
        evictFarWindows(store);
      } catch (error) {
        if (controller.signal.aborted || storeRef.current.generation !== generation) return;
        store.windows.set(index, { rows: null, loading: false, failed: error });
        store.error = error;
        if (index === 0) store.firstLoaded = true;
      } finally {
        store.controllers.delete(controller);
      }
      rerender();
    },
    [versionId, filterKey, rerender],
  );

  const reset = useCallback(() => {
    const previous = storeRef.current;
    for (const controller of previous.controllers) controller.abort();
    storeRef.current = emptyStore(previous.generation + 1, isFiltered(JSON.parse(filterKey) as RowFilter));
    rerender();
    void loadWindow(0);
  }, [filterKey, loadWindow, rerender]);

  useEffect(() => {
    reset();
    const store = storeRef;
    return () => {
      for (const controller of store.current.controllers) controller.abort();
    };
  }, [reset]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const store = storeRef.current;
      if (!store.firstLoaded) return;
      const first = Math.floor(Math.max(0, start) / ROWS_PAGE_SIZE);
      const last = Math.floor(Math.max(0, end) / ROWS_PAGE_SIZE);
      store.centerWindow = Math.floor((first + last) / 2);
      store.lastRange = [start, end];

      for (let index = first; index <= last; index++) void loadWindow(index);
      if (store.filtered && store.hasMore && end >= store.loadedCount - 1) void loadWindow(store.cursors.length - 1);
    },
    [loadWindow],
  );

  const replaceRow = useCallback(
    (row: DatasetRow) => {
      let replaced = false;
      for (const rowWindow of storeRef.current.windows.values()) {
        const at = rowWindow.rows?.findIndex((candidate) => candidate.rowKey === row.rowKey) ?? -1;
        if (at < 0 || !rowWindow.rows) continue;
        rowWindow.rows = rowWindow.rows.with(at, row);
        replaced = true;
      }
      if (replaced) rerender();
    },
    [rerender],
  );

  const retry = useCallback(() => {
    const store = storeRef.current;
    if (!store.firstLoaded || store.windows.get(0)?.failed) {
      reset();
      return;
    }
    for (const [index, rowWindow] of store.windows) if (rowWindow.failed) store.windows.delete(index);
    store.error = null;
    rerender();
    ensureRange(...store.lastRange);
  }, [ensureRange, rerender, reset]);

  const store = storeRef.current;
  const count = store.filtered ? store.loadedCount : (store.total ?? 0);

  return {
    count,
    total: store.total,
    hasMore: store.filtered && store.hasMore && store.firstLoaded && !store.error,
    firstLoaded: store.firstLoaded,
    error: store.error,
    rowAt: (index: number) => store.windows.get(Math.floor(index / ROWS_PAGE_SIZE))?.rows?.[index % ROWS_PAGE_SIZE],
    ensureRange,
    replaceRow,
    retry,
  };
}

/** Returns the `afterPosition` that fetches window `index`, or undefined for the first page and for unknown cursors. */
function cursorOf(store: Store, index: number): number | undefined {
  if (store.filtered) return store.cursors[index];
  if (index === 0) return undefined;
  return index * ROWS_PAGE_SIZE - 1;
}

/** Drops the windows farthest from the one in view until at most MAX_WINDOWS hold rows. */
function evictFarWindows(store: Store): void {
  const loaded = [...store.windows.entries()].filter(([, rowWindow]) => rowWindow.rows);
  if (loaded.length <= MAX_WINDOWS) return;

  loaded.sort(([a], [b]) => Math.abs(b - store.centerWindow) - Math.abs(a - store.centerWindow));
  for (const [index] of loaded.slice(0, loaded.length - MAX_WINDOWS)) store.windows.delete(index);
}
