import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { embeddedDatabaseHost, httpUrl, localAddressFor } from "@/lib/launcher/addresses";
import { childEnvironment } from "@/lib/launcher/processes";

const secrets = { AUTH_SECRET: "s".repeat(44), LUODI_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

describe("child environment", () => {
  const base = { NODE_ENV: "production" as const, PATH: "/usr/bin", LUODI_ADMIN_PASSWORD: "admin-password-123", LUODI_DATA_DIR: ".luodi" };
  const env = parseEnv({ ...base, PORT: "3100", GATEWAY_PORT: "4100" });
  const settings = {
    rootDir: "/repo",
    dataDir: "/repo/.luodi",
    databaseUrl: "postgresql://postgres:postgres@127.0.0.1:5433/postgres",
    databaseEmbedded: true,
    secrets,
    consoleUrl: "http://127.0.0.1:3100",
  };

  it("passes resolved settings and secrets", () => {
    const result = childEnvironment(base, env, settings);

    expect(result).toMatchObject({
      PATH: "/usr/bin",
      DATABASE_URL: settings.databaseUrl,
      LUODI_DATABASE_MODE: "embedded",
      LUODI_DATA_DIR: "/repo/.luodi",
      PORT: "3100",
      GATEWAY_PORT: "4100",
      AUTH_SECRET: secrets.AUTH_SECRET,
      NEXTAUTH_SECRET: secrets.AUTH_SECRET,
      NEXTAUTH_URL: "http://127.0.0.1:3100",
      LUODI_ENCRYPTION_KEY: secrets.LUODI_ENCRYPTION_KEY,
    });
  });

  it("drops the admin password", () => {
    const result = childEnvironment(base, env, settings);

    expect(result).not.toHaveProperty("LUODI_ADMIN_PASSWORD");
  });

  it("marks an external database", () => {
    const result = childEnvironment(base, env, { ...settings, databaseEmbedded: false });

    expect(result.LUODI_DATABASE_MODE).toBe("external");
  });
});

describe("launcher addresses", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::1", "::1"],
    ["localhost", "localhost"],
    ["0.0.0.0", "127.0.0.1"],
    ["192.168.1.20", "127.0.0.1"],
  ])("serves the database for HOST %s on %s", (host, expected) => {
    expect(embeddedDatabaseHost(host)).toBe(expected);
  });

  it("maps wildcard hosts to loopback", () => {
    expect(localAddressFor("0.0.0.0")).toBe("127.0.0.1");
    expect(localAddressFor("::")).toBe("::1");
    expect(localAddressFor("10.0.0.5")).toBe("10.0.0.5");
  });

  it("brackets IPv6 hosts in URLs", () => {
    expect(httpUrl("::1", 3000, "/api/health")).toBe("http://[::1]:3000/api/health");
    expect(httpUrl("127.0.0.1", 4000)).toBe("http://127.0.0.1:4000");
  });
});
