import { envSchema, type Env } from "./schema";

export type { Env } from "./schema";

/** Raised when one or more environment variables are invalid; the message lists each of them. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment, reporting one line per bad variable with its value's problem and the fix. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;

  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    return `${name}: ${issue.message} (got ${JSON.stringify(cleaned[name] ?? null)}); fix it in .env or the shell`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** Returns the validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
