import { z } from "zod";
import { DATASET_TYPES, REVIEWS, SOURCE_FORMATS, SPLITS } from "./model";

/** Input schemas shared by the management API and the worker; field names match the API's JSON. */

const name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(120, "Use at most 120 characters")
  .regex(/^[^/\\<>]+$/, "Names cannot contain / \\ < or >");

const labelList = z.array(z.string().trim().min(1).max(200)).max(5_000, "Use at most 5,000 labels");

export const createDatasetInput = z.object({
  name,
  description: z.string().max(2_000).default(""),
  labelSet: labelList.default([]),
  multiLabel: z.boolean().default(false),
  tokenLimit: z.number().int().min(1).max(1_000_000).nullable().default(null),
});

export const updateDatasetInput = z.object({
  name: name.optional(),
  description: z.string().max(2_000).optional(),
  labelSet: labelList.optional(),
  multiLabel: z.boolean().optional(),
  tokenLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
});

export const fieldMappingSchema = z.record(z.string().min(1).max(100), z.string().min(1).max(500));

/** Import settings chosen on the review screen. A field left out keeps the detected value. */
export const configureImportInput = z.object({
  format: z.enum(SOURCE_FORMATS).optional(),
  encoding: z.enum(["utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be", "big5", "shift_jis"]).optional(),
  sheet: z.string().max(200).optional(),
  type: z.enum(DATASET_TYPES).optional(),
  mapping: fieldMappingSchema.optional(),
  multiLabel: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
  mode: z.enum(["replace", "append"]).optional(),
  tokenLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  /** Corrected source records by line number, as JSON objects. */
  fixes: z.record(z.string().regex(/^\d+$/, "Keys are line numbers"), z.record(z.string(), z.unknown())).optional(),
});

export const splitConfigInput = z
  .object({
    ratios: z.object({
      train: z.number().min(0).max(1),
      validation: z.number().min(0).max(1),
      test: z.number().min(0).max(1),
    }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    stratify: z.boolean().default(false),
  })
  .refine((value) => Math.abs(value.ratios.train + value.ratios.validation + value.ratios.test - 1) < 1e-6, {
    message: "The three ratios must add up to 1",
    path: ["ratios"],
  });

export const cleanConfigInput = z.object({
  dedupeExact: z.boolean().default(true),
  nearDuplicates: z.object({ enabled: z.boolean(), threshold: z.number().min(0.5).max(1) }).default({ enabled: true, threshold: 0.85 }),
  dropEmpty: z.boolean().default(true),
  minTokens: z.number().int().min(0).nullable().default(null),
  maxTokens: z.number().int().min(1).nullable().default(null),
  normalizeWhitespace: z.boolean().default(true),
  normalizeFullWidth: z.boolean().default(true),
  scrubPii: z
    .object({ mobile: z.boolean(), idCard: z.boolean(), bankCard: z.boolean(), landline: z.boolean(), email: z.boolean() })
    .default({ mobile: true, idCard: true, bankCard: true, landline: true, email: true }),
});

export const exportInput = z.object({
  format: z.enum(["openai", "alpaca", "sharegpt", "csv"]),
  splits: z.array(z.enum([...SPLITS, "none"])).optional(),
});

export const rowFilterInput = z.object({
  split: z.enum([...SPLITS, "none"]).optional(),
  label: z.string().max(200).optional(),
  flag: z.string().max(100).optional(),
  review: z.enum([...REVIEWS, "unreviewed"]).optional(),
  search: z.string().max(200).optional(),
});

export const editRowInput = z.object({
  data: z.record(z.string(), z.unknown()).optional(),
  labels: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  split: z.enum(SPLITS).nullable().optional(),
  review: z.enum(REVIEWS).nullable().optional(),
  note: z.string().max(5_000).optional(),
});
