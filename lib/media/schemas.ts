import { z } from "zod";

const tag = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty")
  .max(50, "A tag has at most 50 characters")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "A tag cannot contain control characters");

/** New tags of an asset: trimmed, without duplicates, in the order given. */
export const mediaTags = z
  .array(tag)
  .max(50, "An asset has at most 50 tags")
  .transform((tags) => [...new Set(tags)]);

export const mediaUpdateInput = z
  .object({
    tags: mediaTags.optional().describe("The asset's tags, replacing the current ones"),
    caption: z.string().trim().max(4000, "A caption has at most 4000 characters").nullable().optional().describe("A caption; null removes it"),
  })
  .strict();

export type MediaUpdateInput = z.output<typeof mediaUpdateInput>;

/** "true" and "false" from a query string; z.coerce.boolean would read "false" as true. */
const queryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

export const mediaListQuery = z.object({
  kind: z.enum(["image", "audio"]).optional().describe("Only images or only audio"),
  tag: tag.optional().describe("Only assets with this tag"),
  from: z.coerce.date().optional().describe("Uploaded at or after this time (ISO 8601)"),
  to: z.coerce.date().optional().describe("Uploaded at or before this time (ISO 8601)"),
  status: z.enum(["processing", "ready", "failed"]).optional().describe("Processing status"),
  hasText: queryBoolean.optional().describe("true: OCR found text; false: it found none or has not run"),
  inDataset: queryBoolean.optional().describe("true: rows made from the file were added to a dataset; false: never"),
  q: z.string().trim().min(1).max(200).optional().describe("Case-insensitive substring of the OCR text, caption, transcript or file name"),
  limit: z.coerce.number().int().min(1).max(200).default(60).describe("Items per page"),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
});

export type MediaListQuery = z.output<typeof mediaListQuery>;
