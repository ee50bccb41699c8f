import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EvaluationSettings, FineTuneMethodName, FineTuneTaskName, Hyperparameters } from "./hyperparameters";
import type { SplitFiles } from "./dataset-export";

/** The trainer's job spec (trainer/luodi_trainer/spec.py JobSpec), in its snake_case field names. */
export type TrainerJobSpec = {
  job_id: string;
  base_model: string;
  task: FineTuneTaskName;
  method: FineTuneMethodName;
  data: { train: string; validation: string; test: string | null };
  labels: string[] | null;
  hyperparameters: Hyperparameters;
  output_dir: string;
  resume: "auto" | "never";
  merge_weights: boolean;
  evaluation: EvaluationSettings;
};

export type SpecInput = {
  jobId: string;
  baseModelPath: string;
  task: FineTuneTaskName;
  method: FineTuneMethodName;
  files: SplitFiles;
  labels: string[];
  hyperparameters: Hyperparameters;
  evaluation: EvaluationSettings;
  mergeWeights: boolean;
  outputDir: string;
};

export function buildJobSpec(input: SpecInput): TrainerJobSpec {
  return {
    job_id: input.jobId,
    base_model: input.baseModelPath,
    task: input.task,
    method: input.method,
    data: { train: input.files.train, validation: input.files.validation, test: input.files.test },
    labels: input.task === "seq_classification" ? input.labels : null,
    hyperparameters: input.hyperparameters,
    output_dir: input.outputDir,
    // Every attempt of a job writes into the same output folder, so a retry continues from its newest checkpoint.
    resume: "auto",
    merge_weights: input.mergeWeights,
    evaluation: input.evaluation,
  };
}

/** Writes the spec as JSON into `folder` and returns the file's path. */
export async function writeJobSpec(folder: string, spec: TrainerJobSpec): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, "spec.json");
  await writeFile(file, `${JSON.stringify(spec, null, 2)}\n`);
  return file;
}
