/**
 * Starts a throwaway database for trying the web console by hand or from a browser script: the embedded
 * PostgreSQL (PGlite) on a free loopback port in a temporary folder, migrated, with an admin and a viewer.
 * Prints one JSON line with the connection URL and the accounts, then runs until SIGINT or SIGTERM and
 * deletes the folder on the way out.
 *
 *   npx tsx scripts/dev-db.ts [--port 5999]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { createDb } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { bootstrapInstance } from "@/lib/users/bootstrap";

const HOST = "127.0.0.1";

const accounts = {
  admin: { email: "admin@dev.luodi.test", password: "dev-Admin-password-1" },
  viewer: { email: "viewer@dev.luodi.test", password: "dev-Viewer-password-1", name: "Viewer" },
};

/** Asks the OS for a free loopback port. Another process could take it before we bind; rare enough here. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port assigned"))));
    });
  });
}

function portArgument(): number | null {
  const index = process.argv.indexOf("--port");
  if (index === -1) return null;
  const port = Number(process.argv[index + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got ${process.argv[index + 1]}`);
  return port;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "luodi-dev-db-"));
  const port = portArgument() ?? (await freePort());
  const database = await startEmbeddedDatabase({ dataDir, host: HOST, port });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const { applied } = await runMigrations(database.url);
  const db = createDb(database.url, { max: 2 });
  const { workspaceId } = await bootstrapInstance(db, { adminEmail: accounts.admin.email, adminPassword: accounts.admin.password });

  await db.user.upsert({
    where: { email: accounts.viewer.email },
    update: {},
    create: {
      email: accounts.viewer.email,
      name: accounts.viewer.name,
      passwordHash: await hashPassword(accounts.viewer.password),
      memberships: { create: { workspaceId, role: "viewer" } },
    },
  });
  await db.$disconnect();

  console.log(JSON.stringify({ databaseUrl: database.url, dataDir, migrations: applied.length, accounts }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
