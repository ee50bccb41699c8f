import { z } from "zod";

/** Maximum images in one extraction run. */
export const MAX_RUN_IMAGES = 500;

const jsonObject = z.record(z.string(), z.unknown());

export const extractionSchemaInput = z
  .object({
    name: z.string().trim().min(1, "Give the schema a name").max(100, "A name has at most 100 characters").describe("Unique within the workspace"),
    description: z.string().trim().max(2000).nullable().optional().describe("What the schema extracts"),
    schema: jsonObject.describe("A JSON Schema (draft-07 by default) whose top level is an object with properties; each property becomes a column"),
  })
  .strict();

export const extractionSchemaUpdate = extractionSchemaInput.partial().strict();

export const extractionRunInput = z
  .object({
    schemaId: z.string().min(1).max(100),
    modelId: z.string().min(1).max(100).describe("ProviderModel id of a model with the vision capability"),
    assetIds: z
      .array(z.string().min(1).max(100))
      .min(1, "Select at least one image")
      .max(MAX_RUN_IMAGES, `A run takes at most ${MAX_RUN_IMAGES} images`)
      .transform((ids) => [...new Set(ids)])
      .describe("Images to extract fields from"),
  })
  .strict();

export const extractionResultEdit = z
  .object({
    data: jsonObject.describe("The corrected fields; replaces the stored ones and is validated against the schema again"),
  })
  .strict();

export const extractionExportQuery = z.object({
  format: z.enum(["csv", "jsonl"]).default("csv").describe("csv: one column per schema property, UTF-8 with BOM; jsonl: one JSON object per image"),
});

export const listRunsQuery = z.object({
  schemaId: z.string().min(1).max(100).optional().describe("Only runs of this schema"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ExtractionSchemaInput = z.output<typeof extractionSchemaInput>;
export type ExtractionSchemaUpdate = z.output<typeof extractionSchemaUpdate>;
export type ExtractionRunInput = z.output<typeof extractionRunInput>;
