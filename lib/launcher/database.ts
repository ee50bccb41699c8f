import { join } from "node:path";
import { startEmbeddedDatabase } from "@/lib/db/embedded";

export type LauncherDatabase = {
  url: string;
  /** True when this launcher serves the PGlite database itself. */
  embedded: boolean;
  /** Stops the socket server and closes PGlite, which flushes its files; a no-op for an external database. */
  stop: () => Promise<void>;
};

export const EMBEDDED_DATA_FOLDER = "pgdata";

/**
 * Returns the database the processes use: the external one at `externalUrl` when set, otherwise the
 * embedded PGlite database in `<dataDir>/pgdata`, served on `host:port`.
 */
export async function openDatabase(input: {
  externalUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
}): Promise<LauncherDatabase> {
  if (input.externalUrl) return { url: input.externalUrl, embedded: false, stop: async () => {} };

  const database = await startEmbeddedDatabase({ dataDir: join(input.dataDir, EMBEDDED_DATA_FOLDER), host: input.host, port: input.port });
  return { url: database.url, embedded: true, stop: database.stop };
}

/** Returns the connection URL with its password hidden, for messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
