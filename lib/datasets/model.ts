/**
 * Shared vocabulary of the datasets domain: dataset types, the canonical row shape of each type, the
 * records parsers yield and the issue codes validation reports. Parsers, validation, cleaning, export,
 * the import job, the API and the UI all speak these types.
 */

export const DATASET_TYPES = ["chat", "instruction", "completion", "classification", "preference"] as const;
export type DatasetType = (typeof DATASET_TYPES)[number];

export const SPLITS = ["train", "validation", "test"] as const;
export type Split = (typeof SPLITS)[number];

export const SOURCE_FORMATS = ["jsonl", "json", "csv", "tsv", "xlsx"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const REVIEWS = ["accepted", "rejected"] as const;
export type Review = (typeof REVIEWS)[number];

// ----- canonical rows -----------------------------------------------------------------------------------

export const CHAT_ROLES = ["system", "user", "assistant"] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export type ChatMessage = { role: ChatRole; content: string | ChatContentPart[] };

export type ChatData = { messages: ChatMessage[] };
export type InstructionData = { instruction: string; input: string; output: string };
export type CompletionData = { prompt: string; completion: string };
/** The label of a classification row lives in the row's `labels`, not in `data`. */
export type ClassificationData = { text: string };
export type PreferenceData = { prompt: string; chosen: string; rejected: string };

export type RowData = ChatData | InstructionData | CompletionData | ClassificationData | PreferenceData;

/** A row as stored in a version, without database bookkeeping. */
export type CanonicalRow = {
  data: RowData;
  labels: string[];
  split: Split | null;
  review: Review | null;
  note: string;
};

/** The canonical fields of each type, in display order; a mapping names a source field for each. */
export const CANONICAL_FIELDS: Record<DatasetType, readonly string[]> = {
  chat: ["messages"],
  instruction: ["instruction", "input", "output"],
  completion: ["prompt", "completion"],
  classification: ["text", "label"],
  preference: ["prompt", "chosen", "rejected"],
};

/** Canonical fields a row may leave empty or omit. */
export const OPTIONAL_FIELDS: Record<DatasetType, readonly string[]> = {
  chat: [],
  instruction: ["input"],
  completion: [],
  classification: [],
  preference: [],
};

/** Canonical field name → source field name (a JSON key or a column header). */
export type FieldMapping = Record<string, string>;

// ----- what parsers yield --------------------------------------------------------------------------------

/**
 * Record read from a source file. `line` is the 1-based line of the record's first character: the sheet
 * row number for XLSX, and the line where the element starts for a JSON array. `raw` is the record's
 * source text, cut to RAW_PREVIEW_CHARS, so the review screen can show it beside issues and offer it for fixing.
 */
export type SourceRecord = { kind: "record"; line: number; fields: Record<string, unknown>; raw: string };

/** A record the parser could not read; parsing goes on with the next record. */
export type SourceRecordError = {
  kind: "error";
  line: number;
  code: IssueCode;
  field?: string;
  params?: Record<string, string | number>;
  raw: string;
};

export type SourceItem = SourceRecord | SourceRecordError;

// ----- issues --------------------------------------------------------------------------------------------

/** Problems of one row. Each code has a translated message in messages/<locale>/datasets.json. */
export const ISSUE_CODES = [
  // reading
  "malformed_json",
  "trailing_comma",
  "not_an_object",
  "column_count",
  "unclosed_quote",
  "row_too_long",
  // fields
  "missing_field",
  "wrong_type",
  "mixed_types",
  // chat
  "missing_role",
  "unknown_role",
  "role_order",
  "empty_content",
  "no_assistant_turn",
  "image_not_found",
  // classification
  "label_missing",
  "label_not_in_set",
  // size
  "over_token_limit",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type RowIssue = { code: IssueCode; field: string; params?: Record<string, string | number> };

/** Problems that make a whole file unreadable; the import fails with one of these and changes nothing. */
export const FILE_ERROR_CODES = [
  "empty_file",
  "binary_file",
  "unsupported_format",
  "unknown_encoding",
  "xlsx_invalid",
  "xlsx_too_large",
  "json_not_array",
  "no_records",
  "file_missing",
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** Thrown by parsers for a file-level problem. `params` fill the translated message. */
export class SourceFileError extends Error {
  readonly code: FileErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: FileErrorCode, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = "SourceFileError";
    this.code = code;
    this.params = params;
  }
}

/** Maximum source text, in characters, kept per record in `raw` and in stored issues. */
export const RAW_PREVIEW_CHARS = 2_000;

/** Maximum record length in characters. Longer records are reported as row_too_long and skipped. */
export const MAX_RECORD_CHARS = 1_000_000;
