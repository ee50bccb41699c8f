/** Command-line flags of `./luodi start` (scripts/start.ts). */
export type LauncherOptions = {
  /** Runs `next dev` instead of building and running `next start`. */
  dev: boolean;
  /** Skips `next build` even when the web sources changed; the build in .next must already exist. */
  build: boolean;
  /** Starts no web process; the launcher then waits only for the gateway. */
  web: boolean;
};

export const launcherUsage = `Usage: ./luodi start [--dev] [--no-build] [--no-web]

  --dev        run the web console with next dev (hot reload) instead of next build + next start
  --no-build   use the existing build in .next even if the web sources changed
  --no-web     start the database, gateway and worker only (no web console)
  --help       print this help

Settings come from the environment and from .env in the repository root; see .env.example.`;

/** Raised for an unknown flag; the launcher prints it with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses the launcher's flags; returns "help" when help was requested. */
export function parseLauncherArgs(argv: string[]): LauncherOptions | "help" {
  const options: LauncherOptions = { dev: false, build: true, web: true };
  for (const argument of argv) {
    switch (argument) {
      case "--dev":
        options.dev = true;
        break;
      case "--no-build":
        options.build = false;
        break;
      case "--no-web":
        options.web = false;
        break;
      case "--help":
      case "-h":
        return "help";
      default:
        throw new UsageError(`Unknown option ${JSON.stringify(argument)}`);
    }
  }
  return options;
}
