import type { z } from "zod";
import type { artifactResource, jobEventResource, jobResource } from "@/lib/api/v1/finetune-schemas";

/** Wire shapes of the fine-tuning job routes, as the console reads them (dates are ISO strings). */
export type FineTuneJobView = z.infer<typeof jobResource>;
export type JobEventView = z.infer<typeof jobEventResource>;
export type ArtifactView = z.infer<typeof artifactResource>;

export type JobStatus = FineTuneJobView["status"];
export type JobStage = FineTuneJobView["stage"];

/** Statuses in which the job still changes, so the page keeps polling. */
export function isActiveStatus(status: JobStatus | undefined): boolean {
  return status === "queued" || status === "running";
}

/** The job's before/after scores on the test split, as the worker stores them from the trainer's evaluation event. */
export type JobEvaluation = {
  task: string;
  split: string;
  rows: number;
  base: Record<string, number | null>;
  tuned: Record<string, number | null>;
};
