import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateSecrets, SECRETS_FILE_NAME, SecretsFileError } from "@/lib/launcher/secrets";

let dataDir: string;
const secretsPath = () => join(dataDir, SECRETS_FILE_NAME);
const fileMode = (path: string) => statSync(path).mode & 0o777;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "luodi-secrets-"));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("launcher secrets", () => {
  it("generates both secrets on first start", () => {
    const { secrets, generated } = loadOrCreateSecrets(dataDir, {});

    expect(generated).toEqual(["AUTH_SECRET", "LUODI_ENCRYPTION_KEY"]);
    expect(Buffer.from(secrets.AUTH_SECRET, "base64")).toHaveLength(32);
    expect(Buffer.from(secrets.LUODI_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(secrets.AUTH_SECRET).not.toBe(secrets.LUODI_ENCRYPTION_KEY);
    expect(fileMode(secretsPath())).toBe(0o600);
    expect(JSON.parse(readFileSync(secretsPath(), "utf8"))).toEqual(secrets);
  });

  it("reuses stored secrets on later starts", () => {
    const first = loadOrCreateSecrets(dataDir, {});

    const second = loadOrCreateSecrets(dataDir, {});

    expect(second.generated).toEqual([]);
    expect(second.secrets).toEqual(first.secrets);
  });

  it("prefers values set in the environment", () => {
    const fromEnv = { AUTH_SECRET: "a".repeat(40) };

    const { secrets, generated } = loadOrCreateSecrets(dataDir, fromEnv);

    expect(secrets.AUTH_SECRET).toBe(fromEnv.AUTH_SECRET);
    expect(generated).toEqual(["LUODI_ENCRYPTION_KEY"]);
    expect(JSON.parse(readFileSync(secretsPath(), "utf8")).AUTH_SECRET).toBeUndefined();
  });

  it("warns when the environment key differs from the stored one", () => {
    loadOrCreateSecrets(dataDir, {});
    const otherKey = Buffer.alloc(32, 7).toString("base64");

    const { secrets, warnings } = loadOrCreateSecrets(dataDir, { LUODI_ENCRYPTION_KEY: otherKey });

    expect(secrets.LUODI_ENCRYPTION_KEY).toBe(otherKey);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("LUODI_ENCRYPTION_KEY in the environment differs");
  });

  it("tightens a secrets file readable by others", () => {
    loadOrCreateSecrets(dataDir, {});
    chmodSync(secretsPath(), 0o644);

    const { warnings } = loadOrCreateSecrets(dataDir, {});

    expect(fileMode(secretsPath())).toBe(0o600);
    expect(warnings[0]).toContain("readable by other users");
  });

  it("rejects a corrupt secrets file without replacing it", () => {
    writeFileSync(secretsPath(), "{ not json", { mode: 0o600 });

    expect(() => loadOrCreateSecrets(dataDir, {})).toThrow(SecretsFileError);
    expect(readFileSync(secretsPath(), "utf8")).toBe("{ not json");
  });
});
