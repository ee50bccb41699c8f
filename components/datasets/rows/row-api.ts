"use client";

import { apiGet, apiSend, apiUrl, type ApiItem } from "@/components/datasets/api";
import type { EditedRow, RowChange, RowFilter, RowPatch, RowsPage } from "./types";

/** Rows per request; the API accepts at most 1,000. */
export const ROWS_PAGE_SIZE = 200;

/**
 * Fetches one page of a version's rows in position order. Leave `afterPosition` undefined for the first
 * page, which is the only one that carries the `total` of matching rows.
 */
export async function fetchRowsPage(
  versionId: string,
  options: { filter: RowFilter; afterPosition?: number; limit?: number },
  signal?: AbortSignal,
): Promise<RowsPage> {
  const { filter, afterPosition, limit = ROWS_PAGE_SIZE } = options;
  const url = apiUrl(`/dataset-versions/${encodeURIComponent(versionId)}/rows`, { ...filter, afterPosition, limit });
  const body = await apiGet<ApiItem<RowsPage>>(url, signal);
  return body.data;
}

/** Counts the rows of a version that match `filter`, by reading the total of a one-row page. */
export async function countMatchingRows(versionId: string, filter: RowFilter, signal?: AbortSignal): Promise<number> {
  const page = await fetchRowsPage(versionId, { filter, limit: 1 }, signal);
  return page.total ?? page.rows.length;
}

/** Edits one row in the dataset's draft and returns it with the draft's id. The API opens the draft first when there is none. */
export async function patchRow(datasetId: string, rowKey: string, patch: RowPatch): Promise<EditedRow> {
  const body = await apiSend<ApiItem<EditedRow>>("PATCH", `/datasets/${encodeURIComponent(datasetId)}/rows/${encodeURIComponent(rowKey)}`, patch);
  return body.data;
}

/** Opens the dataset's draft, or finds the existing one, and returns its version id. */
export async function openDraft(datasetId: string): Promise<{ id: string }> {
  const body = await apiSend<ApiItem<{ draft: { id: string }; created: boolean }>>("POST", `/datasets/${encodeURIComponent(datasetId)}/draft`);
  return body.data.draft;
}

/** Reads who changed a row and how, newest first, across the dataset's versions (the newest 200 changes). */
export async function fetchRowHistory(datasetId: string, rowKey: string, signal?: AbortSignal): Promise<RowChange[]> {
  const body = await apiGet<ApiItem<RowChange[]>>(`/datasets/${encodeURIComponent(datasetId)}/rows/${encodeURIComponent(rowKey)}/history`, signal);
  return body.data;
}
