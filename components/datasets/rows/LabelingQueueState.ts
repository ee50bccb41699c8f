"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Review } from "@/lib/datasets/model";
import { countMatchingRows, fetchRowsPage, patchRow } from "./row-api";
import type { DatasetRow, RowFilter } from "./types";

/** "unreviewed" walks only rows without a verdict; "all" walks every row in position order. */
export type QueueMode = "unreviewed" | "all";

/** The fields the queue changes; an action stores their values before and after. */
export type QueueValues = { labels?: string[]; review?: Review | null; note?: string };

export type QueueAction = {
  id: number;
  rowKey: string;
  position: number;
  before: QueueValues;
  after: QueueValues;
  /** True for the change that reverted an earlier action; these cannot be undone themselves. */
  isUndo: boolean;
  /** Set on an action once it has been undone. */
  undone: boolean;
  status: "saving" | "saved" | "failed";
  at: Date;
};

export type ReviewCounts = { total: number; accepted: number; rejected: number };

const PAGE_SIZE = 100;
// The next page is fetched when the labeller is this many rows from the end of what is loaded.
const PREFETCH_MARGIN = 15;
// Actions kept for undo and the recent-actions list.
const MAX_ACTIONS = 100;

const FIELDS = ["labels", "review", "note"] as const;
type Field = (typeof FIELDS)[number];

function valuesOf(row: DatasetRow, fields: Field[]): QueueValues {
  const values: QueueValues = {};
  for (const field of fields) (values as Record<Field, unknown>)[field] = row[field];
  return values;
}

const fieldsOf = (values: QueueValues) => FIELDS.filter((field) => field in values);

function countsAfterReviewChange(counts: ReviewCounts, before: Review | null | undefined, after: Review | null | undefined): ReviewCounts {
  const next = { ...counts };
  if (before) next[before] -= 1;
  if (after) next[after] += 1;
  return next;
}

/**
 * Keeps the state of the labelling queue over a draft: the rows loaded so far in page order, the current
 * index, the review counts for the progress bar, and every change as an action. Changes show at once and
 * are sent one at a time in the order made, so a later PATCH never overtakes an earlier one. A failed PATCH
 * puts the old values back.
 */
export function useLabelingQueue({ datasetId, draftId, filter, mode }: { datasetId: string; draftId: string; filter: RowFilter; mode: QueueMode }) {
  const filterKey = JSON.stringify(filter);
  const [rows, setRows] = useState<DatasetRow[]>([]);
  const [index, setIndex] = useState(0);
  const [queueTotal, setQueueTotal] = useState<number | null>(null);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [hasMore, setHasMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [counts, setCounts] = useState<ReviewCounts | null>(null);
  // Bumped to reload the counts when a verdict was given before they arrived (the local update had nothing to change).
  const [countsEpoch, setCountsEpoch] = useState(0);
  const countsRef = useRef<ReviewCounts | null>(null);
  useEffect(() => {
    countsRef.current = counts;
  }, [counts]);
  const [actions, setActions] = useState<QueueAction[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);

  const generationRef = useRef(0);
  const sendChainRef = useRef<Promise<unknown>>(Promise.resolve());
  // Changes per "rowKey:field" that have no response yet. Only the response to the newest one may overwrite the field.
  const pendingRef = useRef(new Map<string, number>());
  const nextActionIdRef = useRef(1);

  const queueFilter = useCallback((): RowFilter => ({ ...(JSON.parse(filterKey) as RowFilter), ...(mode === "unreviewed" ? { review: "unreviewed" } : {}) }), [filterKey, mode]);

  const loadPage = useCallback(
    async (afterPosition: number | undefined) => {
      const generation = generationRef.current;
      setLoading(true);
      try {
        const page = await fetchRowsPage(draftId, { filter: queueFilter(), afterPosition, limit: PAGE_SIZE });
        if (generation !== generationRef.current) return;
        setRows((current) => (afterPosition === undefined ? page.rows : [...current, ...page.rows]));
        if (page.total !== undefined && page.total !== null) setQueueTotal(page.total);
        setNextCursor(page.nextPosition);
        setHasMore(page.nextPosition !== null);
        setLoadError(null);
      } catch (error) {
        if (generation === generationRef.current) setLoadError(error);
      } finally {
        if (generation === generationRef.current) setLoading(false);
      }
    },
    [draftId, queueFilter],
  );

  // A new filter or mode starts the queue over from its first row.
  useEffect(() => {
    generationRef.current += 1;
    setRows([]);
    setIndex(0);
    setQueueTotal(null);
    setHasMore(true);
    void loadPage(undefined);
  }, [loadPage]);

  // Review counts of the whole draft, for the progress bar; they change locally with each verdict.
  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      countMatchingRows(draftId, {}, controller.signal),
      countMatchingRows(draftId, { review: "accepted" }, controller.signal),
      countMatchingRows(draftId, { review: "rejected" }, controller.signal),
    ]).then(
      ([total, accepted, rejected]) => setCounts({ total, accepted, rejected }),
      () => {
        // Without counts the page hides the progress bar; the queue itself still works.
      },
    );
    return () => controller.abort();
  }, [draftId, countsEpoch]);

  useEffect(() => {
    if (!loading && hasMore && loadError === null && rows.length > 0 && index >= rows.length - PREFETCH_MARGIN && nextCursor !== null) {
      void loadPage(nextCursor);
    }
  }, [index, rows.length, loading, hasMore, loadError, nextCursor, loadPage]);

  const applyValues = useCallback((rowKey: string, values: QueueValues, onlyIdleFields: boolean) => {
    setRows((current) =>
      current.map((row) => {
        if (row.rowKey !== rowKey) return row;
        const next = { ...row };
        for (const field of fieldsOf(values)) {
          if (onlyIdleFields && (pendingRef.current.get(`${rowKey}:${field}`) ?? 0) > 0) continue;
          (next as Record<Field, unknown>)[field] = values[field];
        }
        return next;
      }),
    );
  }, []);

  /** Changes fields of a row: shows the new values at once, sends the PATCH after earlier ones, and rolls back if it fails. */
  const change = useCallback(
    (row: DatasetRow, after: QueueValues, isUndo = false) => {
      const fields = fieldsOf(after);
      const before = valuesOf(row, fields);
      if (JSON.stringify(before) === JSON.stringify(valuesOf({ ...row, ...after } as DatasetRow, fields))) return;

      const action: QueueAction = { id: nextActionIdRef.current++, rowKey: row.rowKey, position: row.position, before, after, isUndo, undone: false, status: "saving", at: new Date() };
      const setStatus = (status: QueueAction["status"]) => setActions((current) => current.map((entry) => (entry.id === action.id ? { ...entry, status } : entry)));
      const pendingKeys = fields.map((field) => `${row.rowKey}:${field}`);
      const reviewChanged = "review" in after && before.review !== after.review;
      const countsMissing = countsRef.current === null;

      applyValues(row.rowKey, after, false);
      if (reviewChanged) setCounts((current) => current && countsAfterReviewChange(current, before.review, after.review));
      setActions((current) => [action, ...current].slice(0, MAX_ACTIONS));
      for (const key of pendingKeys) pendingRef.current.set(key, (pendingRef.current.get(key) ?? 0) + 1);

      const settle = () => {
        for (const key of pendingKeys) pendingRef.current.set(key, (pendingRef.current.get(key) ?? 1) - 1);
      };
      sendChainRef.current = sendChainRef.current.then(() =>
        patchRow(datasetId, row.rowKey, after).then(
          (saved) => {
            settle();
            // The server's values win unless a newer change of the same field is still on its way.
            applyValues(row.rowKey, valuesOf(saved.row, fields), true);
            setStatus("saved");
            // The counts may have been read before this verdict was stored; read them again now that it is.
            if (reviewChanged && countsMissing) setCountsEpoch((epoch) => epoch + 1);
          },
          (error: unknown) => {
            settle();
            applyValues(row.rowKey, before, true);
            if (reviewChanged) setCounts((current) => current && countsAfterReviewChange(current, after.review, before.review));
            setStatus("failed");
            setSaveError(error);
          },
        ),
      );
    },
    [datasetId, applyValues],
  );

  /** Reverts the newest action that was not yet undone, by sending its old values again, and shows its row. */
  const undo = useCallback(() => {
    const target = actions.find((action) => !action.isUndo && !action.undone && action.status !== "failed");
    if (!target) return false;
    const rowIndex = rows.findIndex((row) => row.rowKey === target.rowKey);
    const row = rows[rowIndex];
    if (!row) return false;

    setActions((current) => current.map((action) => (action.id === target.id ? { ...action, undone: true } : action)));
    setIndex(rowIndex);
    change(row, target.before, true);
    return true;
  }, [actions, rows, change]);

  const atEnd = !hasMore && index >= rows.length;
  return {
    rows,
    index,
    current: rows[index] ?? null,
    queueTotal,
    loading,
    loadError,
    hasMore,
    atEnd,
    counts,
    actions,
    saveError,
    clearSaveError: () => setSaveError(null),
    change,
    undo,
    next: () => setIndex((at) => Math.min(at + 1, hasMore ? Math.max(rows.length - 1, 0) : rows.length)),
    previous: () => setIndex((at) => Math.max(at - 1, 0)),
    retryLoad: () => {
      if (rows.length === 0) void loadPage(undefined);
      else if (nextCursor !== null) void loadPage(nextCursor);
    },
  };
}
