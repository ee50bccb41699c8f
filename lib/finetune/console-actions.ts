// Read actions of the fine-tuning console, kept apart from the `"use server"` module so tests can run them
// through `runAction` with their own actor and database. They write nothing, so they record no audit event.

import { z } from "zod";
import { actionDefinition } from "@/lib/actions/definition";
import { jobDatasetVersionLabel, listJobSummaries, listLaunchOptions, listModelVersionSummaries } from "./console-reads";

const pageInput = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    before: z.string().min(1).max(100).optional(),
  })
  .strict();

export const listJobSummariesAction = actionDefinition({
  name: "finetune.listJobSummaries",
  permission: "console.read",
  input: pageInput,
  handler: async ({ db, actor }, input) => ({ data: await listJobSummaries(db, actor, input), audit: null }),
});

export const listModelVersionSummariesAction = actionDefinition({
  name: "finetune.listModelVersionSummaries",
  permission: "console.read",
  input: pageInput,
  handler: async ({ db, actor }, input) => ({ data: await listModelVersionSummaries(db, actor, input), audit: null }),
});

/** The launch form's dataset versions and GPU availability; only roles that may launch need them. */
export const listLaunchOptionsAction = actionDefinition({
  name: "finetune.listLaunchOptions",
  permission: "training.launch",
  input: z.undefined(),
  handler: async ({ db, actor }) => ({ data: await listLaunchOptions(db, actor), audit: null }),
});

/** The "<dataset name> v<N>" label of the dataset version one job trains on, for the job page. */
export const readJobDatasetVersionAction = actionDefinition({
  name: "finetune.readJobDatasetVersion",
  permission: "console.read",
  input: z.object({ jobId: z.string().min(1).max(100) }).strict(),
  handler: async ({ db, actor }, input) => ({ data: await jobDatasetVersionLabel(db, actor, input.jobId), audit: null }),
});
