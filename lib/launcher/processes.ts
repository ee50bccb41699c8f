import { join } from "node:path";
import type { Env } from "@/lib/env";
import type { ChildSpec } from "./children";
import type { LauncherSecrets } from "./secrets";

/** Values the launcher resolved and passes to every child process through its environment. */
export type ResolvedSettings = {
  rootDir: string;
  dataDir: string;
  databaseUrl: string;
  /** True when the launcher serves the embedded PGlite database itself. */
  databaseEmbedded: boolean;
  secrets: LauncherSecrets;
  consoleUrl: string;
};

/**
 * Builds the environment of web, gateway, worker and `next build`: the launcher's own environment plus
 * the resolved database URL and mode, secrets and absolute data folder. LUODI_ADMIN_PASSWORD is removed because
 * only the launcher needs it, and no other process should keep a copy of a password.
 */
export function childEnvironment(base: NodeJS.ProcessEnv, env: Env, settings: ResolvedSettings): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {
    ...base,
    DATABASE_URL: settings.databaseUrl,
    LUODI_DATABASE_MODE: settings.databaseEmbedded ? "embedded" : "external",
    LUODI_DATA_DIR: settings.dataDir,
    HOST: env.HOST,
    PORT: String(env.PORT),
    GATEWAY_PORT: String(env.GATEWAY_PORT),
    AUTH_SECRET: settings.secrets.AUTH_SECRET,
    NEXTAUTH_SECRET: settings.secrets.AUTH_SECRET,
    NEXTAUTH_URL: settings.consoleUrl,
    LUODI_ENCRYPTION_KEY: settings.secrets.LUODI_ENCRYPTION_KEY,
  };
  delete result.LUODI_ADMIN_PASSWORD;
  return result;
}

// Children run under the launcher's own Node binary. TypeScript entries load through tsx's loader in the
// same process (`node --import tsx`), not the tsx CLI, which would add a relaying parent process.
const nextBin = (rootDir: string) => join(rootDir, "node_modules", "next", "dist", "bin", "next");
const typescriptEntry = (rootDir: string, name: string, entry: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildSpec => ({
  name,
  command: process.execPath,
  args: [...nodeFlags, "--import", "tsx", entry],
  cwd: rootDir,
  env,
});

export function webBuildSpec(rootDir: string, env: NodeJS.ProcessEnv): ChildSpec {
  return { name: "build", command: process.execPath, args: [nextBin(rootDir), "build"], cwd: rootDir, env: { ...env, NODE_ENV: "production" } };
}

export function webSpec(rootDir: string, env: NodeJS.ProcessEnv, input: { host: string; port: number; dev: boolean }): ChildSpec {
  return {
    name: "web",
    command: process.execPath,
    args: ["--import", "tsx", "web/server.ts", ...(input.dev ? ["--dev"] : [])],
    cwd: rootDir,
    env: { ...env, NODE_ENV: input.dev ? "development" : "production" },
  };
}

export const gatewaySpec = (rootDir: string, env: NodeJS.ProcessEnv) => typescriptEntry(rootDir, "gateway", "gateway/server.ts", env);
// --expose-gc lets long imports collect garbage on a schedule (lib/datasets/memory.ts). Without it V8 let a
// streaming import's short-lived objects reach about 600 MB before a full collection in the benchmark.
export const workerSpec = (rootDir: string, env: NodeJS.ProcessEnv) => typescriptEntry(rootDir, "worker", "worker/main.ts", env, ["--expose-gc"]);
