/**
 * Entry of `./luodi start`: runs the launcher (lib/launcher/launcher.ts) and exits with its code.
 * Run it through ./luodi, which installs dependencies first; `node --import tsx scripts/start.ts` works
 * once they are installed.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runLauncher } from "@/lib/launcher/launcher";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// With output piped (`./luodi start | tee log`), Ctrl-C can end the reader first, and every later write
// fails with EPIPE. Ignoring those errors lets the launcher still stop its children and close the database.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

const code = await runLauncher(process.argv.slice(2), {
  rootDir,
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});

process.exitCode = code;
// A library handle left open (a connection pool, a timer) must not keep a stopped launcher running.
setTimeout(() => process.exit(code), 1_000).unref();
