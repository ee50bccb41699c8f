import { createHash } from "node:crypto";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { RowData, Review, Split } from "@/lib/datasets/model";
import { countRowTokens } from "@/lib/datasets/transform/fields";
import type { TransformRow } from "@/lib/datasets/transform/types";

export { countTokens };

let nextPosition = 0;

/** Builds a transform row with real o200k token counts and a content hash over data and labels. */
export function makeRow(
  data: RowData,
  options: { rowKey?: string; labels?: string[]; split?: Split | null; review?: Review | null; note?: string } = {},
): TransformRow {
  const position = nextPosition++;
  const labels = options.labels ?? [];
  return {
    rowKey: options.rowKey ?? `row-${position}`,
    position,
    data,
    labels,
    split: options.split ?? null,
    review: options.review ?? null,
    note: options.note ?? "",
    tokens: countRowTokens(data, countTokens),
    hash: createHash("sha256").update(JSON.stringify([data, labels])).digest("hex"),
  };
}
