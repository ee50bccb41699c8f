import { AppError, type ErrorCode } from "@/lib/errors";

/** A problem found in a prompt version's spec, before it becomes an AppError or an editor annotation. */
export type SpecIssue = {
  /** Key under errors.reasons, such as `prompts.undefined_variable`. */
  reason: `prompts.${string}`;
  /** English sentence for API clients and logs. */
  message: string;
  params: Record<string, string | number>;
};

/** Builds the INVALID_INPUT error for a spec issue, keeping its reason and params for the console's translation. */
export function issueError(issue: SpecIssue, code: ErrorCode = "INVALID_INPUT"): AppError {
  return new AppError(code, issue.message, { reason: issue.reason, params: issue.params });
}

export function promptNotFound(what: string, reason: `prompts.${string}`, params: Record<string, string | number> = {}): AppError {
  return new AppError("NOT_FOUND", `No such ${what} in this workspace`, { reason, params });
}
