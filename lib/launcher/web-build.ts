import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Folders whose files are compiled into the web build. */
const sourceFolders = ["app", "components", "lib", "messages", "i18n", "public"];

/** Root files that change the web build. */
const sourceFilePattern =
  /^(next\.config\.\w+|package\.json|package-lock\.json|tsconfig\.json|tailwind\.config\.\w+|postcss\.config\.\w+|proxy\.ts|middleware\.ts|instrumentation\.ts)$/;

export const BUILD_ID_PATH = join(".next", "BUILD_ID");
export const SOURCE_HASH_PATH = join(".next", "luodi-source-hash");

/**
 * Hashes the web sources: each file's path and contents, in sorted order, plus the NEXT_PUBLIC_*
 * variables that `next build` inlines into the browser bundle.
 */
export function hashWebSources(rootDir: string, env: Record<string, string | undefined>): string {
  const hash = createHash("sha256");

  const rootFiles = readdirSync(rootDir).filter((name) => sourceFilePattern.test(name)).sort();
  const files = [...rootFiles, ...sourceFolders.flatMap((folder) => listFiles(rootDir, folder))];
  for (const file of files) {
    hash.update(file).update("\0").update(readFileSync(join(rootDir, file))).update("\0");
  }

  const publicVariables = Object.keys(env).filter((name) => name.startsWith("NEXT_PUBLIC_")).sort();
  for (const name of publicVariables) hash.update(`${name}=${env[name]}\0`);

  return hash.digest("hex");
}

/** Lists the files under `folder` (relative to `rootDir`), sorted, skipping dot files and node_modules. */
function listFiles(rootDir: string, folder: string): string[] {
  const absolute = join(rootDir, folder);
  if (!existsSync(absolute)) return [];

  const files: string[] = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const relative = join(folder, name);
    if (statSync(join(rootDir, relative)).isDirectory()) files.push(...listFiles(rootDir, relative));
    else files.push(relative);
  }
  return files;
}

/** Returns why `next build` must run, or null when the build in .next matches `sourceHash`. */
export function webBuildReason(rootDir: string, sourceHash: string): string | null {
  if (!existsSync(join(rootDir, BUILD_ID_PATH))) return "no build found in .next";

  const hashPath = join(rootDir, SOURCE_HASH_PATH);
  if (!existsSync(hashPath)) return "the existing build was not made by the launcher";
  if (readFileSync(hashPath, "utf8").trim() !== sourceHash) return "the web sources changed since the last build";
  return null;
}

/** Records the sources a successful build was made from. */
export function recordWebBuild(rootDir: string, sourceHash: string) {
  writeFileSync(join(rootDir, SOURCE_HASH_PATH), `${sourceHash}\n`);
}
