"use server";

import { runAction } from "@/lib/actions/define-action";
import { listJobSummariesAction, listLaunchOptionsAction, listModelVersionSummariesAction, readJobDatasetVersionAction } from "@/lib/finetune/console-actions";

/** Reads a page of fine-tuning jobs with their dataset version names, for the auto-refreshing job list. */
export async function readJobSummaries(input: { limit?: number; before?: string }) {
  return runAction(listJobSummariesAction, input);
}

/** Reads a page of model versions with their base model, job and dataset version names. */
export async function readModelVersionSummaries(input: { limit?: number; before?: string }) {
  return runAction(listModelVersionSummariesAction, input);
}

/** Reads the launch form's dataset versions and whether a worker has a CUDA GPU. */
export async function readLaunchOptions() {
  return runAction(listLaunchOptionsAction, undefined);
}

/** Reads the name and number of the dataset version one job trains on. */
export async function readJobDatasetVersion(input: { jobId: string }) {
  return runAction(readJobDatasetVersionAction, input);
}
