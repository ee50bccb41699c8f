import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdirSync } from "node:fs";
import { enforceProtocolGroups } from "./socket-protocol-groups";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Opens the PGlite data folder (PostgreSQL with pgvector, in this process) and serves it over the
 * PostgreSQL wire protocol on a loopback port, so other processes connect with `pg` as to a real server.
 *
 * Only one process may open a data folder: PGlite has no lock of its own and concurrent openers corrupt
 * it. The launcher takes the folder lock (lib/launcher/lock.ts) before calling this.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; host: string; port: number; maxConnections?: number }): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const database = await PGlite.create({ dataDir: options.dataDir, extensions: { vector } });
  await database.exec("CREATE EXTENSION IF NOT EXISTS vector");

  const server = new PGLiteSocketServer({
    db: database,
    host: options.host,
    port: options.port,
    // Web, gateway, worker and the queue each keep a small pool.
    maxConnections: options.maxConnections ?? 100,
  });
  enforceProtocolGroups(server);
  try {
    await server.start();
  } catch (error) {
    await database.close();
    throw error;
  }

  return {
    url: `postgresql://postgres:postgres@${options.host}:${options.port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await database.close();
    },
  };
}
