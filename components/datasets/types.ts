import type { DatasetType, FieldMapping, IssueCode, Split } from "@/lib/datasets/model";

/**
 * Shapes of the management API's dataset responses as the console reads them. Dates arrive as ISO
 * strings and 64-bit counters (file sizes, bytes done) as numbers or decimal strings, so readers
 * convert them with `toNumber`.
 */

export type ApiNumber = number | string;

export type VersionView = {
  id: string;
  datasetId: string;
  number: number | null;
  parentId: string | null;
  operation: string;
  operationParams?: Record<string, unknown>;
  status: "ready" | "draft" | "building" | "failed";
  rowCount: number;
  contentHash: string | null;
  message: string;
  sourceFileId?: string | null;
  error?: string | null;
  createdById: string | null;
  createdAt: string;
  readyAt: string | null;
  stats?: VersionStats | null;
};

export type VersionStats = {
  rows: number;
  perSplit: Record<Split | "none", number>;
  labels: { label: string; count: number }[];
  labelCount: number;
};

/** The dataset's draft: a version in status "draft" with the count of row changes not yet saved. */
export type DraftView = VersionView & { changeCount: number };

export type DatasetView = {
  id: string;
  name: string;
  description: string;
  type: DatasetType | null;
  labelSet: string[];
  multiLabel: boolean;
  tokenLimit: number | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  latestVersion: VersionView | null;
  versionCount?: number;
  draft?: DraftView | null;
};

export type ImportStatus = "queued" | "analyzing" | "review" | "importing" | "completed" | "failed" | "cancelled";

export type ImportMappingView = { type: DatasetType; fields: FieldMapping; multiLabel: boolean };

/** File facts the parser detected; the fields vary by format. */
export type SourceInfoView = {
  format?: string;
  encoding?: string;
  lineEnding?: string;
  delimiter?: string;
  sheet?: string | null;
  sheets?: string[];
  columns?: string[];
};

export type DetectionCandidate = { type: DatasetType; confidence?: number; mapping: FieldMapping; multiLabel?: boolean };

/** The analysis report an import stores when it reaches review (see analyzeImport). */
export type ImportReport = {
  info?: SourceInfoView;
  detection?: { type: DatasetType; confidence?: number; mapping: FieldMapping; candidates?: DetectionCandidate[] };
  records?: number;
  issueCounts?: Record<string, number>;
  warningCounts?: Record<string, number>;
  storedIssues?: number;
  labels?: { label: string; count: number }[];
  labelCount?: number;
  preview?: { line: number; data: unknown; labels: string[]; split: string | null }[];
  rawPreview?: { line: number; fields: unknown }[];
  failure?: { code: string; params?: Record<string, string | number> };
  /** Set when most rows failed to read and the file's first bytes look like another format. */
  formatHint?: "jsonl" | "json" | "csv" | "tsv" | null;
};

export type StoredFileView = { id: string; filename: string; size: ApiNumber; sha256?: string; contentType?: string; createdAt?: string };

export type ImportView = {
  id: string;
  datasetId: string;
  fileId: string;
  status: ImportStatus;
  format: string | null;
  encoding: string | null;
  sheet: string | null;
  detectedType: DatasetType | null;
  mapping: ImportMappingView | null;
  fixes: Record<string, Record<string, unknown>>;
  skipInvalid: boolean;
  mode: "replace" | "append";
  tokenLimit: number | null;
  report: ImportReport | null;
  bytesTotal: ApiNumber;
  bytesDone: ApiNumber;
  rowsDone: number;
  rowsValid: number;
  rowsInvalid: number;
  cancelRequested: boolean;
  versionId: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  file?: StoredFileView | null;
};

export type ImportIssueView = {
  id: string;
  line: number;
  field: string;
  code: IssueCode | string;
  params: Record<string, string | number>;
  raw: string;
};

/** A page of issues; `nextCursor` is the cursor of the next page, null on the last. */
export type IssuePage = { data: ImportIssueView[]; nextCursor: string | null };

export type DuplicateOf = { datasetId: string; datasetName: string; versionId: string; versionNumber: number | null };

export type UploadResult = { file: StoredFileView; duplicateOf: DuplicateOf | null };

export type TaskKind = "clean_preview" | "clean" | "split" | "export" | "save_draft";
export type TaskStatus = "queued" | "running" | "completed" | "failed";

export type TaskView = {
  id: string;
  datasetId: string;
  versionId: string;
  kind: TaskKind;
  status: TaskStatus;
  params: Record<string, unknown>;
  progress: number;
  result: unknown;
  resultVersionId: string | null;
  fileId: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

export type DiffExample = { kind: "added" | "removed" | "changed"; rowKey: string; before: unknown; after: unknown };
export type VersionDiffView = { added: number; removed: number; changed: number; unchanged: number; examples: DiffExample[] };

/** Converts an API counter that may be a decimal string (serialised BigInt) to a number. */
export function toNumber(value: ApiNumber | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : 0;
}
