/**
 * Why a whole experiment failed. Experiment.error stores the code; the API adds the English message and
 * the console translates the code (experiments.failures.<code>). Failures of single rows are stored on
 * their results instead and never fail the experiment.
 */
export const FAILURE_MESSAGES = {
  dataset_version_missing: "The dataset version of this experiment no longer exists or is not ready; create a new experiment on a ready version",
  prompt_version_missing: "A prompt version of this experiment no longer exists; create a new experiment with existing versions",
  config_invalid: "The stored settings of this experiment are invalid; create a new experiment",
  retries_exhausted: "The experiment stopped after repeated internal errors; rerun its failed rows or create it again",
} as const;

export type FailureCode = keyof typeof FAILURE_MESSAGES;

export function failureMessage(code: string | null): string | null {
  if (code === null) return null;
  return (FAILURE_MESSAGES as Record<string, string>)[code] ?? code;
}

/** A failure that ends the experiment at once, without job retries. */
export class ExperimentFailure extends Error {
  constructor(readonly code: FailureCode, options?: { cause?: unknown }) {
    super(FAILURE_MESSAGES[code], options);
    this.name = "ExperimentFailure";
  }
}
