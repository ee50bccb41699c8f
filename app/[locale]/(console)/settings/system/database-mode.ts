import type { Env } from "@/lib/env";

export type DatabaseMode = { mode: "embedded" | "external"; /** host:port without credentials, when DATABASE_URL parses. */ address: string | null };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Tells whether this process uses the launcher's embedded PGlite database or an external PostgreSQL.
 * LUODI_DATABASE_MODE decides when set. Otherwise a loopback DATABASE_URL on EMBEDDED_DB_PORT counts as
 * embedded, so an external server listening on that same loopback port is misreported.
 */
export function describeDatabaseMode(env: Pick<Env, "DATABASE_URL" | "EMBEDDED_DB_PORT" | "LUODI_DATABASE_MODE">): DatabaseMode {
  const url = parseUrl(env.DATABASE_URL);
  const address = url ? `${url.hostname}:${url.port || "5432"}` : null;
  if (env.LUODI_DATABASE_MODE) return { mode: env.LUODI_DATABASE_MODE, address };
  if (!url) return { mode: "embedded", address };

  const onEmbeddedPort = LOOPBACK_HOSTS.has(url.hostname) && Number(url.port || "5432") === env.EMBEDDED_DB_PORT;
  return { mode: onEmbeddedPort ? "embedded" : "external", address };
}

function parseUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
