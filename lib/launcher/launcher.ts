import { config as loadDotEnv } from "dotenv";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createDb } from "@/lib/db/client";
import { MigrationError, runMigrations } from "@/lib/db/migrate";
import { EnvError, parseEnv, type Env } from "@/lib/env";
import { bootstrapInstance, type BootstrapResult } from "@/lib/users/bootstrap";
import { embeddedDatabaseHost, httpUrl, localAddressFor } from "./addresses";
import { ChildGroup, DEFAULT_RESTART_POLICY, describeExit, runToCompletion, type OutputStreams } from "./children";
import { openDatabase, redactDatabaseUrl } from "./database";
import { waitForHealthy } from "./health";
import { acquireDataDirLock } from "./lock";
import { launcherUsage, parseLauncherArgs, UsageError, type LauncherOptions } from "./options";
import { assertPortsAvailable, type PortRequirement } from "./ports";
import { childEnvironment, gatewaySpec, webBuildSpec, webSpec, workerSpec } from "./processes";
import { adminPasswordBlock, createReporter, readyMessage, type Reporter } from "./report";
import { loadOrCreateSecrets } from "./secrets";
import { BUILD_ID_PATH, hashWebSources, recordWebBuild, webBuildReason } from "./web-build";

export type LauncherContext = OutputStreams & {
  /** Repository root: .env, .next and the default data folder live here. */
  rootDir: string;
  /** The environment to read and extend; `.env` values are added to it. */
  env: NodeJS.ProcessEnv;
};

/**
 * Time each child gets to exit after SIGTERM before it is killed: longer than the worker's 25 s for
 * running jobs, so a job that can finish is not cut off. Idle processes exit within a second.
 */
const STOP_GRACE_MS = 30_000;
/** `next dev` compiles the health route on its first request, which can take minutes on a small machine. */
const HEALTH_TIMEOUT_MS = { start: 120_000, dev: 300_000 };

/**
 * Starts Luodi: validates settings, locks the data folder, opens the database, migrates and bootstraps
 * it, builds the web console when its sources changed, runs web, gateway and worker, and stops them all
 * on SIGINT/SIGTERM or when one of them keeps exiting (a process that dies once is started again). Returns
 * the process exit code.
 */
export async function runLauncher(argv: string[], context: LauncherContext): Promise<number> {
  const report = createReporter(context);

  let options: LauncherOptions;
  try {
    const parsed = parseLauncherArgs(argv);
    if (parsed === "help") {
      context.stdout.write(`${launcherUsage}\n`);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    report.error(error.message);
    context.stderr.write(`${launcherUsage}\n`);
    return 2;
  }

  const envPath = join(context.rootDir, ".env");
  if (existsSync(envPath)) loadDotEnv({ path: envPath, quiet: true, processEnv: context.env as Record<string, string> });

  let env: Env;
  try {
    env = parseEnv(context.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    report.error("Luodi did not start because these settings are invalid:");
    for (const problem of error.problems) report.error(`  ${problem}`);
    return 1;
  }

  return runWithCleanup(options, env, context, report);
}

async function runWithCleanup(options: LauncherOptions, env: Env, context: LauncherContext, report: Reporter): Promise<number> {
  const stop = new AbortController();
  let children: ChildGroup | null = null;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      report.warn(`${signal} received again: killing the processes now`);
      void children?.stop(0);
      return;
    }
    report.info(`${signal} received: stopping Luodi (press Ctrl-C again to kill the processes at once)`);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // Undone in reverse order: children, then the database, then the lock.
  const cleanup: Array<{ name: string; run: () => void | Promise<void> }> = [];
  try {
    return await startAndSupervise({
      options,
      env,
      context,
      report,
      stopSignal: stop.signal,
      onCleanup: (name, run) => cleanup.push({ name, run }),
      onChildren: (group) => {
        children = group;
      },
    });
  } catch (error) {
    report.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    for (const step of cleanup.reverse()) {
      try {
        await step.run();
      } catch (error) {
        report.error(`Stopping ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

type StartInput = {
  options: LauncherOptions;
  env: Env;
  context: LauncherContext;
  report: Reporter;
  stopSignal: AbortSignal;
  onCleanup: (name: string, run: () => void | Promise<void>) => void;
  onChildren: (group: ChildGroup) => void;
};

async function startAndSupervise(input: StartInput): Promise<number> {
  const { options, env, context, report, stopSignal } = input;
  const dataDir = resolve(context.rootDir, env.LUODI_DATA_DIR);
  const databaseHost = embeddedDatabaseHost(env.HOST);

  const lock = acquireDataDirLock(dataDir, {
    onStaleLock: (owner, path) =>
      report.warn(`Taking over the lock ${path} left by a launcher that is no longer running${owner ? ` (pid ${owner.pid})` : ""}`),
  });
  input.onCleanup("the data folder lock", lock.release);
  report.info(`Data folder: ${dataDir}`);

  const { secrets, generated, warnings } = loadOrCreateSecrets(dataDir, {
    AUTH_SECRET: env.AUTH_SECRET,
    LUODI_ENCRYPTION_KEY: env.LUODI_ENCRYPTION_KEY,
  });
  for (const warning of warnings) report.warn(warning);
  if (generated.length > 0) report.info(`Generated ${generated.join(" and ")} into ${join(dataDir, "secrets.json")}`);

  await assertPortsAvailable(requiredPorts(env, options, databaseHost));

  const database = await openDatabase({ externalUrl: env.DATABASE_URL, dataDir, host: databaseHost, port: env.EMBEDDED_DB_PORT });
  input.onCleanup("the database", async () => {
    if (!database.embedded) return;
    report.info("Closing the embedded database");
    await database.stop();
  });
  report.info(database.embedded ? `Embedded database listening on ${databaseHost}:${env.EMBEDDED_DB_PORT}` : `Database: ${redactDatabaseUrl(database.url)}`);
  if (stopSignal.aborted) return 0;

  try {
    const { applied } = await runMigrations(database.url, { migrationsDir: env.LUODI_MIGRATIONS_DIR });
    report.info(applied.length > 0 ? `Applied ${applied.length} database migration(s): ${applied.join(", ")}` : "Database schema is up to date");
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    report.error(error.message);
    return 1;
  }

  const bootstrap = await bootstrapDatabase(database.url, env);
  if (bootstrap.generatedPassword && bootstrap.adminEmail) report.raw(adminPasswordBlock(bootstrap.adminEmail, bootstrap.generatedPassword));
  if (stopSignal.aborted) return 0;

  const consoleUrl = env.LUODI_PUBLIC_URL ?? httpUrl(localAddressFor(env.HOST), env.PORT);
  const processEnv = childEnvironment(context.env, env, { rootDir: context.rootDir, dataDir, databaseUrl: database.url, databaseEmbedded: database.embedded, secrets, consoleUrl });

  if (options.web && !options.dev) {
    const built = await ensureWebBuild(context, processEnv, options, report, stopSignal);
    if (!built) return stopSignal.aborted ? 0 : 1;
  }

  const children = new ChildGroup(context, {
    onRestart: ({ exit, restartsInWindow, delayMs }) =>
      report.warn(
        `${exit.name} ${describeExit(exit)}; starting it again in ${delayMs / 1000} s (restart ${restartsInWindow} of ${DEFAULT_RESTART_POLICY.maxRestarts} allowed in ${DEFAULT_RESTART_POLICY.windowMs / 60_000} minutes)`,
      ),
    onRestarted: (child) => report.info(`Started ${child.name} (pid ${child.pid ?? "none"})`),
  });
  input.onChildren(children);
  input.onCleanup("the child processes", async () => {
    report.info(`Stopping ${children.names.join(", ")}`);
    const { killed } = await children.stop(STOP_GRACE_MS);
    if (killed.length > 0) report.warn(`Killed ${killed.join(", ")} after ${STOP_GRACE_MS / 1000} s without exiting`);
  });

  const specs = [
    ...(options.web ? [webSpec(context.rootDir, processEnv, { host: env.HOST, port: env.PORT, dev: options.dev })] : []),
    gatewaySpec(context.rootDir, processEnv),
    workerSpec(context.rootDir, processEnv),
  ];
  for (const spec of specs) {
    const child = children.start(spec);
    report.info(`Started ${child.name} (pid ${child.pid ?? "none"})`);
  }

  // Created once, so a child's exit is reported once however many waits listen for it.
  const childFailed = children.unexpectedExit.then((exit) => {
    report.error(`${exit.name} ${describeExit(exit)}${children.restartsAllowed ? " too often" : ""}; stopping the other processes`);
    return 1;
  });
  const stopRequested = new Promise<number>((resolveStop) => {
    if (stopSignal.aborted) resolveStop(0);
    stopSignal.addEventListener("abort", () => resolveStop(0), { once: true });
  });

  const healthy = await waitUntilHealthy(healthUrls(env, options), HEALTH_TIMEOUT_MS[options.dev ? "dev" : "start"], [childFailed, stopRequested]);
  if (healthy !== "healthy") return healthy;
  // Once every health check passed, a process that dies is started again, so a killed worker comes back and
  // resumes its jobs from their checkpoints. One that keeps dying stops Luodi with its exit reason.
  children.allowRestarts();

  report.info(
    readyMessage({
      consoleUrl: options.web ? consoleUrl : null,
      gatewayUrl: httpUrl(localAddressFor(env.HOST), env.GATEWAY_PORT),
      adminEmail: bootstrap.adminEmail,
      passwordSource: bootstrap.passwordSource,
    }),
  );

  return Promise.race([childFailed, stopRequested]);
}

function healthUrls(env: Env, options: LauncherOptions): string[] {
  const host = localAddressFor(env.HOST);
  return [...(options.web ? [httpUrl(host, env.PORT, "/api/health")] : []), httpUrl(host, env.GATEWAY_PORT, "/health")];
}

/**
 * Polls every health URL until each returns 2xx, or until one of `interruptions` resolves first with
 * its exit code. Raises HealthTimeoutError when a URL stays unhealthy past `timeoutMs`.
 */
async function waitUntilHealthy(urls: string[], timeoutMs: number, interruptions: Promise<number>[]): Promise<"healthy" | number> {
  const polling = new AbortController();
  const healthy = Promise.all(urls.map((url) => waitForHealthy(url, { timeoutMs, signal: polling.signal }))).then(() => "healthy" as const);
  // The race below observes a timeout; this handler only keeps a timeout after an interruption from
  // becoming an unhandled rejection.
  healthy.catch(() => {});
  try {
    return await Promise.race([healthy, ...interruptions]);
  } finally {
    polling.abort();
  }
}

function requiredPorts(env: Env, options: LauncherOptions, databaseHost: string): PortRequirement[] {
  return [
    ...(options.web ? [{ variable: "PORT", host: env.HOST, port: env.PORT }] : []),
    { variable: "GATEWAY_PORT", host: env.HOST, port: env.GATEWAY_PORT },
    ...(env.DATABASE_URL ? [] : [{ variable: "EMBEDDED_DB_PORT", host: databaseHost, port: env.EMBEDDED_DB_PORT }]),
  ];
}

async function bootstrapDatabase(databaseUrl: string, env: Env): Promise<BootstrapResult> {
  const database = createDb(databaseUrl, { max: 1 });
  try {
    return await bootstrapInstance(database, { adminEmail: env.LUODI_ADMIN_EMAIL, adminPassword: env.LUODI_ADMIN_PASSWORD });
  } finally {
    await database.$disconnect();
  }
}

/** Runs `next build` when needed. Returns false when the build failed, is missing, or a stop was requested. */
async function ensureWebBuild(
  context: LauncherContext,
  processEnv: NodeJS.ProcessEnv,
  options: LauncherOptions,
  report: Reporter,
  stopSignal: AbortSignal,
): Promise<boolean> {
  const sourceHash = hashWebSources(context.rootDir, processEnv);
  const reason = webBuildReason(context.rootDir, sourceHash);
  if (!reason) return true;

  if (!options.build) {
    if (existsSync(join(context.rootDir, BUILD_ID_PATH))) {
      report.warn(`Using the existing web build although ${reason} (--no-build)`);
      return true;
    }
    report.error(`--no-build was given but there is no web build in .next; run ./luodi start without --no-build`);
    return false;
  }

  report.info(`Building the web console (${reason}); this takes a few minutes`);
  const exit = await runToCompletion(webBuildSpec(context.rootDir, processEnv), context, stopSignal);
  if (stopSignal.aborted) return false;
  if (exit.code !== 0) {
    report.error(`next build ${describeExit(exit)}; see the "build |" lines above`);
    return false;
  }

  // Hashed again because `next build` may edit tsconfig.json, which is one of the hashed sources.
  recordWebBuild(context.rootDir, hashWebSources(context.rootDir, processEnv));
  return true;
}
