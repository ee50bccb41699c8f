import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The public test data folder: LUODI_SHARED_DATA when set, else `shared/data` beside the repository.
 * Tests that read it fail with this message instead of a bare ENOENT when it is missing.
 */
export const SHARED_DATA = process.env.LUODI_SHARED_DATA ?? path.resolve(repositoryRoot, "../shared/data");

export function sharedDataPath(...parts: string[]): string {
  if (!existsSync(SHARED_DATA)) {
    throw new Error(`The shared test data folder ${SHARED_DATA} is missing: check it out beside the repository or set LUODI_SHARED_DATA`);
  }
  return path.join(SHARED_DATA, ...parts);
}
