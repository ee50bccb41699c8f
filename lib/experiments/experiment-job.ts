import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";

export type ExperimentJobContext = { db: Db; log: Logger; attempt: number; maxAttempts: number };

/** Runs (or resumes) one prompt experiment; finished rows are skipped on retry. */
export async function runExperimentJob(context: ExperimentJobContext, experimentId: string): Promise<void> {
  // TODO: placeholder until the experiment runner lands in this file.
  context.log.warn({ experimentId }, "experiments.runner_missing");
  throw new Error("The experiment runner is not implemented yet");
}
