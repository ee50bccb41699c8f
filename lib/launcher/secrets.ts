import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export const SECRETS_FILE_NAME = "secrets.json";

const secretNames = ["AUTH_SECRET", "LUODI_ENCRYPTION_KEY"] as const;
type SecretName = (typeof secretNames)[number];

export type LauncherSecrets = Record<SecretName, string>;

const storedSecretsSchema = z.object({
  AUTH_SECRET: z.string().min(32).optional(),
  LUODI_ENCRYPTION_KEY: z.string().min(1).optional(),
});

/** Raised when secrets.json exists but cannot be read as Luodi's secrets file. */
export class SecretsFileError extends Error {
  constructor(path: string, problem: string) {
    super(
      `The secrets file ${path} is invalid: ${problem}. Restore it from a backup; deleting it makes Luodi generate new ` +
        `secrets, which signs everyone out and makes stored provider keys unreadable.`,
    );
    this.name = "SecretsFileError";
  }
}

/**
 * Returns AUTH_SECRET and LUODI_ENCRYPTION_KEY for this data folder. A value set in the environment wins
 * over the one stored in `<dataDir>/secrets.json`. A secret found in neither is generated (32 random bytes,
 * base64) and stored in that file with mode 0600. `generated` names the secrets created by this call.
 */
export function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: Partial<LauncherSecrets>,
): { secrets: LauncherSecrets; generated: SecretName[]; warnings: string[] } {
  const path = join(dataDir, SECRETS_FILE_NAME);
  const warnings: string[] = [];
  const stored = readStoredSecrets(path, warnings);

  const generated: SecretName[] = [];
  const secrets = {} as LauncherSecrets;
  for (const name of secretNames) {
    const envValue = fromEnv[name];
    const storedValue = stored[name];
    if (envValue) {
      if (name === "LUODI_ENCRYPTION_KEY" && storedValue && storedValue !== envValue) {
        warnings.push(
          `LUODI_ENCRYPTION_KEY in the environment differs from the key in ${path}; secrets encrypted with the stored key cannot be decrypted with it`,
        );
      }
      secrets[name] = envValue;
    } else if (storedValue) {
      secrets[name] = storedValue;
    } else {
      secrets[name] = randomBytes(32).toString("base64");
      stored[name] = secrets[name];
      generated.push(name);
    }
  }

  if (generated.length > 0) writeSecretsFile(path, stored);
  return { secrets, generated, warnings };
}

function readStoredSecrets(path: string, warnings: string[]): Partial<LauncherSecrets> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }

  // Other users must not read the secrets; tighten a copy restored with looser permissions.
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    warnings.push(`${path} was readable by other users (mode ${mode.toString(8)}); changed it to 600`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretsFileError(path, "it is not valid JSON");
  }
  const parsed = storedSecretsSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join(".") || "file"} ${issue.message}`).join("; ");
    throw new SecretsFileError(path, problem);
  }
  return parsed.data;
}

/** Writes through a temporary file and rename, so a crash leaves either the old file or the new one. */
function writeSecretsFile(path: string, secrets: Partial<LauncherSecrets>) {
  const temporaryPath = `${path}.${process.pid}.tmp`;
  writeFileSync(temporaryPath, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "w" });
  chmodSync(temporaryPath, 0o600);
  renameSync(temporaryPath, path);
}
