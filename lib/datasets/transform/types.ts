import type { RowData, Review, Split } from "@/lib/datasets/model";

/** A stored row as the transform steps see it: one at a time, in position order. */
export type TransformRow = {
  rowKey: string;
  position: number;
  data: RowData;
  labels: string[];
  split: Split | null;
  review: Review | null;
  note: string;
  /** Token count of the row's text, as stored by validation. */
  tokens: number;
  /** Content hash as stored at import. Rows with equal data, labels, split, review and note have equal hashes. */
  hash: string;
};

/** Counts the tokens of a text, e.g. `countTokens` of gpt-tokenizer's o200k_base encoding. */
export type TokenCounter = (text: string) => number;
