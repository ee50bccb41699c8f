import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type { Prisma } from "./generated/client";

/**
 * Creates a Prisma client over `pg`. The same code talks to an external PostgreSQL and to the embedded
 * database that the launcher serves on loopback. Secret columns are omitted unless a query selects them.
 */
export function createDb(connectionString: string, options: { max?: number } = {}) {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 5 });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Db = ReturnType<typeof createDb>;

const globalForDb = globalThis as unknown as { luodiDb?: Db };

/** Returns the process-wide client, which survives Next.js hot reloads in development. */
export function db(): Db {
  if (!globalForDb.luodiDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Luodi with the launcher (./luodi start) or set it");
    globalForDb.luodiDb = createDb(url);
  }
  return globalForDb.luodiDb;
}
