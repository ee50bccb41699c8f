import type { DatasetType, Review, Split } from "@/lib/datasets/model";
import type { RowFilter, StoredRow } from "@/lib/datasets/rows-read";

export type { RowFilter };

/** A row as the API returns it: the stored row without its database id. */
export type DatasetRow = Omit<StoredRow, "id">;

/** Dataset fields that the rows, label and statistics pages use. */
export type DatasetInfo = {
  id: string;
  name: string;
  type: DatasetType | null;
  /** Allowed labels; empty means any label is accepted. */
  labelSet: string[];
  multiLabel: boolean;
};

/** A ready version or the draft, as offered in version pickers. */
export type VersionOption = {
  id: string;
  /** Null for the draft, which gets its number when it is saved. */
  number: number | null;
  status: "ready" | "draft";
  rowCount: number;
  createdAt: string;
  /** Draft only: recorded row changes not yet saved as a version. */
  changeCount?: number;
};

/** One page of `GET /dataset-versions/{vid}/rows`. `total` is set only on the first page of a query and null on later ones. */
export type RowsPage = { rows: DatasetRow[]; nextPosition: number | null; total?: number | null };

/** Response of `PATCH /datasets/{id}/rows/{rowKey}`: the row as the draft now stores it. */
export type EditedRow = { row: DatasetRow; draftId: string };

/** Body of `PATCH /datasets/{id}/rows/{rowKey}`; fields left out keep their value. */
export type RowPatch = {
  data?: Record<string, unknown>;
  labels?: string[];
  split?: Split | null;
  review?: Review | null;
  note?: string;
};

/** One recorded change of a row field, newest first in the history list. */
export type RowChange = {
  id?: string;
  field: string;
  before: unknown;
  after: unknown;
  actorEmail: string | null;
  createdAt: string;
};

export const SPLIT_FILTERS = ["train", "validation", "test", "none"] as const;
export const REVIEW_FILTERS = ["accepted", "rejected", "unreviewed"] as const;
