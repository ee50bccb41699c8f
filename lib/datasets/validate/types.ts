import type { DatasetType, FieldMapping, RowData, RowIssue, Split } from "@/lib/datasets/model";

/** A dataset type with the mapping that reads it. `multiLabel` only matters for classification. */
export type DetectionCandidate = { type: DatasetType; mapping: FieldMapping; confidence: number; multiLabel: boolean };

/** The guessed type and mapping of a file, with the ranked alternatives the user may pick instead. */
export type Detection = {
  type: DatasetType;
  mapping: FieldMapping;
  /** Share of samples, 0..1, whose fields fit the chosen type and mapping. */
  confidence: number;
  multiLabel: boolean;
  candidates: DetectionCandidate[];
};

/** The settings one dataset version is validated with. */
export type ValidationContext = {
  type: DatasetType;
  /** Canonical field → source field. The optional `split` entry names the split column. */
  mapping: FieldMapping;
  /** Allowed labels. An empty list allows any label. */
  labelSet: string[];
  multiLabel: boolean;
  /** Maximum tokens per row, or null for no limit. */
  tokenLimit: number | null;
  /** Returns true when the referenced local image exists. Without it, local image paths are not checked. */
  resolveImage?: (url: string) => boolean;
};

export type NormalizedRow = {
  data: RowData;
  labels: string[];
  split: Split | null;
  /** o200k_base tokens over all text of the row, labels included. */
  tokens: number;
  /** Chat only: tokens of the message text of each role, with every role present. */
  roleTokens?: Record<string, number>;
  /** Lower-cased row text, at most 10,000 characters. */
  searchText: string;
};

export type NormalizeResult = { ok: true; row: NormalizedRow; warnings: RowIssue[] } | { ok: false; issues: RowIssue[] };
