#!/usr/bin/env node
/**
 * Offline replacement for Prisma's native schema engine binary.
 *
 * The Prisma 7 CLI downloads a native `schema-engine` program before `migrate`, `db` and `diff` commands,
 * which fails on machines without internet access. Pointing `PRISMA_SCHEMA_ENGINE_BINARY` at this file makes
 * the unmodified CLI run the same engine compiled to WebAssembly (`@prisma/schema-engine-wasm`), which reaches
 * PostgreSQL through the `@prisma/adapter-pg` driver adapter instead of its own network code.
 *
 * The CLI starts the engine in two ways, and this program implements both:
 * - `--datasource JSON cli <command>`: one-shot commands (can-connect-to-database, create-database,
 *   drop-database). Failures are reported as JSON log lines on stderr and exit code 1.
 * - `--datamodels PATH... --datasource JSON`: a JSON-RPC 2.0 server, one message per line on stdin and
 *   stdout, with JSON log lines on stderr. It stops when stdin closes.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const POSTGRES_CHAR_OID = 18;
const POSTGRES_TEXT_OID = 25;
// ColumnTypeEnum.Character in @prisma/driver-adapter-utils 7.10.
const CHARACTER_COLUMN_TYPE = 6;

const CONNECT_TIMEOUT_MS = 15_000;

// The binder and error class from @prisma/driver-adapter-utils, loaded through adapter-pg's own dependency
// so that both always come from the same release.
const driverAdapterUtils = createRequire(createRequire(import.meta.url).resolve("@prisma/adapter-pg"))("@prisma/driver-adapter-utils");

// Prisma's error codes for connection failures. The CLI acts on them: `migrate deploy` creates the
// database after P1003, for example.
const CONNECTION_ERROR_CODES = {
  authenticationFailed: "P1000",
  unreachable: "P1001",
  databaseMissing: "P1003",
};

main().catch((error) => {
  logLine("ERROR", describeError(error));
  process.exit(1);
});

async function main() {
  const options = parseArguments(process.argv.slice(2));

  if (options.printVersion) {
    const bindings = await loadWasmBindings();
    process.stdout.write(`schema-engine-cli ${bindings.version()} (wasm, offline shim)\n`);
    return;
  }
  if (!options.datasource?.url) {
    throw new Error("missing --datasource with a url: this program is started by the Prisma CLI, not by hand");
  }
  if (options.cliCommand) {
    await runCliCommand(options.cliCommand, options.datasource.url);
    return;
  }
  await serveJsonRpc(options);
}

/** Parses the flags the Prisma CLI passes to the native engine (see the module comment). */
function parseArguments(args) {
  const options = { datamodelPaths: [], datasource: undefined, cliCommand: undefined, printVersion: false };
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    if (argument === "--version" || argument === "-V") options.printVersion = true;
    else if (argument === "--datamodels") options.datamodelPaths.push(args[++index]);
    else if (argument === "--datasource") options.datasource = JSON.parse(args[++index]);
    else if (argument === "cli") options.cliCommand = args[++index];
    // --enabled-preview-features and --extension-types carry a value that the wasm engine has no input for.
    else if (argument === "--enabled-preview-features" || argument === "--extension-types") index += 1;
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// Logging. The CLI parses each stderr line as a JSON object shaped like the native engine's tracing output.
// When the engine exits with an error, the CLI shows `fields.message` of the last ERROR line.

function logLine(level, message, extraFields = {}) {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...extraFields }, target: "schema_engine::logger" };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

function describeError(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------------------
// One-shot `cli` commands. They use `pg` directly because they run before any schema is loaded.

async function runCliCommand(command, url) {
  // The Prisma 7.10 CLI skips the first stderr line of a `cli` command before parsing the rest. An INFO
  // line goes first so that the ERROR line, which carries the error code, reaches the CLI.
  logLine("INFO", `schema engine shim: cli ${command}`);
  try {
    if (command === "can-connect-to-database") await checkConnection(url);
    else if (command === "create-database") await createDatabase(url);
    else if (command === "drop-database") await dropDatabase(url);
    else throw new Error(`unknown cli command "${command}": expected can-connect-to-database, create-database or drop-database`);
  } catch (error) {
    const { code, message } = toConnectionError(error, url);
    logLine("ERROR", message, code ? { error_code: code } : {});
    process.exitCode = 1;
  }
}

async function withClient(connectionString, work) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Connects and runs one query. A missing database fails here with 3D000 on a real server, while pglite-socket
 * accepts every database name and opens its single database.
 */
async function checkConnection(url) {
  await withClient(url, (client) => client.query("SELECT 1"));
}

async function createDatabase(url) {
  const name = databaseName(url);
  await withClient(maintenanceUrl(url), (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  process.stdout.write(`${JSON.stringify({ databaseName: name })}\n`);
}

async function dropDatabase(url) {
  const name = databaseName(url);
  await withClient(maintenanceUrl(url), (client) => client.query(`DROP DATABASE ${quoteIdentifier(name)}`));
}

function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`the connection URL names no database: add one after the port, e.g. .../luodi`);
  return name;
}

/** Returns the URL of the `postgres` maintenance database on the same server, to create or drop another database. */
function maintenanceUrl(url) {
  return withDatabase(url, "postgres");
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Maps a `pg` failure onto the error codes and wording the Prisma CLI expects from its engine. */
function toConnectionError(error, url) {
  const parsed = new URL(url);
  const server = `${parsed.hostname}:${parsed.port || "5432"}`;
  const code = error?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH") {
    return {
      code: CONNECTION_ERROR_CODES.unreachable,
      message: `Can't reach database server at \`${server}\`\n\nPlease make sure your database server is running at \`${server}\`.`,
    };
  }
  if (code === "28P01" || code === "28000") {
    return {
      code: CONNECTION_ERROR_CODES.authenticationFailed,
      message: `Authentication failed against database server at \`${server}\`, the provided database credentials for \`${decodeURIComponent(parsed.username)}\` are not valid.`,
    };
  }
  if (code === "3D000") {
    return {
      code: CONNECTION_ERROR_CODES.databaseMissing,
      message: `Database \`${databaseName(url)}\` does not exist on the database server at \`${server}\`.`,
    };
  }
  return { code: undefined, message: describeError(error) };
}

function isPgliteVersion(versionText) {
  return typeof versionText === "string" && versionText.includes("PGlite");
}

// ---------------------------------------------------------------------------------------------------------
// The wasm engine.

/**
 * Instantiates `@prisma/schema-engine-wasm`. Its entry module imports the `.wasm` file as an ES module, which
 * Node 20 only allows behind `--experimental-wasm-modules`, so this wires the generated JS bindings to the
 * compiled module by hand.
 */
async function loadWasmBindings() {
  const bindingsUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = await import(bindingsUrl);
  const wasmBytes = await readFile(fileURLToPath(new URL("schema_engine_bg.wasm", bindingsUrl)));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}

/**
 * Keeps the last Rust panic message. The wasm engine's panic hook calls
 * `global.PRISMA_WASM_PANIC_REGISTRY.set_message()` and then traps, and the trap itself carries no message.
 */
function installPanicRegistry() {
  const registry = {
    lastMessage: undefined,
    set_message(message) {
      registry.lastMessage = message;
    },
  };
  globalThis.PRISMA_WASM_PANIC_REGISTRY = registry;
  return registry;
}

async function readDatamodels(paths) {
  // The engine expects either undefined or a non-empty list of [path, content] pairs.
  if (paths.length === 0) return undefined;
  return Promise.all(paths.map(async (path) => [path, await readFile(path, "utf8")]));
}

// ---------------------------------------------------------------------------------------------------------
// The driver adapter handed to the wasm engine.

/**
 * Reports PostgreSQL `"char"` columns (OID 18) with the driver-adapter type Character.
 *
 * The engine's catalog queries select `"char"` columns (pg_constraint.contype and others) and read them as
 * single characters. adapter-pg 7.10 has no mapping for OID 18 and rejects it with UnsupportedNativeDataType.
 * `pg` already returns those values as strings, so this wrapper re-tags the field as text before adapter-pg
 * maps the columns, and then sets the mapped type to Character. The rows array is the same object in both
 * steps, which keys the hand-over safely when several queries run at once.
 */
function reportCharColumns(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  const charColumnsByRows = new WeakMap();

  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID !== POSTGRES_CHAR_OID) return;
      field.dataTypeID = POSTGRES_TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length > 0) charColumnsByRows.set(result.rows, charColumns);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumnsByRows.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return resultSet;
  };
  return queryable;
}

/**
 * Prepares a pooled adapter-pg connection for the engine: fixes `"char"` columns and sends each migration
 * script as one simple-protocol query.
 *
 * adapter-pg 7.10 splits scripts on every `;`, which breaks statements that contain one (function bodies,
 * string defaults). PostgreSQL runs a multi-statement simple query as one implicit transaction, so a failing
 * migration leaves no partial changes behind. Statements that cannot run inside a transaction block, such
 * as CREATE INDEX CONCURRENTLY, fail and belong in a migration of their own.
 */
function prepareAdapter(adapter) {
  reportCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => reportCharColumns(await startTransaction(isolationLevel));
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      // adapter-pg's error conversion drops the error position, which points at the failing statement of a
      // migration. The engine still words some SQLSTATEs itself (42P01 becomes "No such table: X").
      if (isPostgresError(error)) throw new driverAdapterUtils.DriverAdapterError(toPostgresErrorPayload(error));
      adapter.onError(error);
    }
  };
  return adapter;
}

function isPostgresError(error) {
  return typeof error?.code === "string" && typeof error?.severity === "string" && typeof error?.message === "string";
}

/** Builds the driver adapter's generic "postgres" error, with the position appended to the message. */
function toPostgresErrorPayload(error) {
  return {
    kind: "postgres",
    code: error.code,
    severity: error.severity,
    message: error.position ? `${error.message} (at character ${error.position} of the script)` : error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  };
}

/**
 * SqlMigrationAwareDriverAdapterFactory over adapter-pg whose shadow database can never be the main one.
 *
 * `migrate dev` and diffs from a migrations folder need a scratch ("shadow") database, which the engine wipes.
 * pglite-socket ignores the database name on connect, so a scratch database created with CREATE DATABASE
 * would be the main database again. For PGlite this factory starts a throwaway in-memory PGlite instead, and
 * for other servers it checks that the scratch connection reaches a different database.
 */
class OfflineAdapterFactory {
  constructor(datasource) {
    this.url = datasource.url;
    this.shadowUrl = datasource.shadowDatabaseUrl;
    this.main = new PrismaPg({ connectionString: this.url });
    this.provider = this.main.provider;
    this.adapterName = this.main.adapterName;
    this.cleanups = [];
  }

  async connect() {
    return this.track(prepareAdapter(await this.main.connect()));
  }

  async connectToShadowDb() {
    const mainIdentity = await this.readIdentity(this.url);
    if (this.shadowUrl) return this.connectConfiguredShadow(mainIdentity);
    if (isPgliteVersion(mainIdentity.version)) return this.startScratchPglite();
    return this.createScratchDatabase(mainIdentity);
  }

  async readIdentity(connectionString) {
    return withClient(connectionString, async (client) => {
      const { rows } = await client.query("SELECT current_database() AS database, version() AS version");
      const parsed = new URL(connectionString);
      return { ...rows[0], server: `${parsed.hostname}:${parsed.port || "5432"}` };
    });
  }

  async connectConfiguredShadow(mainIdentity) {
    const shadowIdentity = await this.readIdentity(this.shadowUrl);
    if (shadowIdentity.server === mainIdentity.server && shadowIdentity.database === mainIdentity.database) {
      throw new Error(
        `shadowDatabaseUrl reaches the same database as the datasource url (${mainIdentity.server}, database "${mainIdentity.database}"), ` +
          "and the engine erases the shadow database: point shadowDatabaseUrl at another database or server, or remove it",
      );
    }
    return this.track(prepareAdapter(await new PrismaPg({ connectionString: this.shadowUrl }).connect()));
  }

  /**
   * Creates a scratch database on the main server and drops it on dispose. adapter-pg 7.10 has its own
   * connectToShadowDb, but with a connection string its pool ignores the scratch database name (pg lets the
   * URL's database win), so it would hand back the main database.
   */
  async createScratchDatabase(mainIdentity) {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withClient(this.url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
    const dropScratch = () => withClient(this.url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`));

    const adapter = prepareAdapter(await new PrismaPg({ connectionString: withDatabase(this.url, name) }).connect());
    this.track(adapter, dropScratch);

    const { rows } = await adapter.client.query("SELECT current_database() AS database");
    if (rows[0].database !== name) {
      throw new Error(
        `the server at ${mainIdentity.server} opened database "${rows[0].database}" instead of the requested scratch database "${name}": ` +
          "set shadowDatabaseUrl in prisma.config.ts to a separate, disposable database",
      );
    }
    return adapter;
  }

  async startScratchPglite() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { vector } = await import("@electric-sql/pglite-pgvector");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");

    // In memory (no dataDir), with pgvector like the embedded database, so migrations replay the same way.
    const database = await PGlite.create({ extensions: { vector } });
    await database.exec("CREATE EXTENSION IF NOT EXISTS vector");
    const server = new PGLiteSocketServer({ db: database, host: "127.0.0.1", port: 0, maxConnections: 20 });
    await server.start();

    const stop = async () => {
      await server.stop();
      await database.close();
    };
    const connectionString = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    return this.track(prepareAdapter(await new PrismaPg({ connectionString }).connect()), stop);
  }

  /**
   * Registers an adapter for disposeAll and makes its `dispose` idempotent, because both the engine and
   * disposeAll call it. `afterDispose` runs once the pool is closed (dropping a scratch database, say).
   */
  track(adapter, afterDispose = async () => {}) {
    const dispose = adapter.dispose.bind(adapter);
    let disposing;
    adapter.dispose = () => {
      // The engine expects dispose to resolve to nothing, so the drop query's result is not passed on.
      disposing ??= dispose()
        .then(() => afterDispose())
        .then(() => undefined);
      return disposing;
    };
    this.cleanups.push(() => adapter.dispose());
    return adapter;
  }

  /**
   * Closes every pool and scratch database this factory opened; adapters already disposed are skipped.
   * Concurrent callers (normal shutdown and SIGTERM) share one run.
   */
  disposeAll() {
    this.disposingAll ??= (async () => {
      for (const cleanup of this.cleanups.splice(0).reverse()) {
        await cleanup().catch((error) => logLine("WARN", `cleanup after the engine failed: ${describeError(error)}`));
      }
    })();
    return this.disposingAll;
  }
}

// ---------------------------------------------------------------------------------------------------------
// JSON-RPC server.

// RPC method names the CLI sends that differ from the wasm engine's method names.
const RENAMED_METHODS = { getDatabaseVersion: "version" };

const ENGINE_ERROR_RPC_CODE = 4466;
const METHOD_NOT_FOUND_RPC_CODE = -32601;
const PARSE_ERROR_RPC_CODE = -32700;
// Exit status of the native engine after a Rust panic; the CLI then reports an engine crash.
const PANIC_EXIT_CODE = 101;

async function serveJsonRpc(options) {
  const panics = installPanicRegistry();
  const bindings = await loadWasmBindings();
  const factory = new OfflineAdapterFactory(options.datasource);
  const boundFactory = bindAdapterFactory(factory);
  const engine = await bindings.SchemaEngine.new(
    { datamodels: await readDatamodels(options.datamodelPaths) },
    forwardEngineLog,
    boundFactory,
  );
  const server = { engine, factory, panics, errorRegistry: boundFactory.errorRegistry, currentRequestId: null, printRequestId: 0 };
  reportCallbackPanics(server);
  // The Prisma 7.10 CLI closes stdin and sends SIGTERM right after. Scratch databases still open at that
  // moment (after an interrupted command) are dropped before the process exits.
  process.once("SIGTERM", () => factory.disposeAll().finally(() => process.exit(0)));

  // Requests run one after another, in arrival order, like in the native engine's stdio server.
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    queue = queue.then(() => handleMessage(server, line));
  });
  await new Promise((resolve) => lines.once("close", resolve));
  await queue;
  await factory.disposeAll();
  engine.free();
}

/** Copies an engine log record to stderr. The wasm engine already formats records as JSON lines. */
function forwardEngineLog(record) {
  const text = String(record).trimEnd();
  if (text.startsWith("{")) process.stderr.write(`${text}\n`);
  else logLine("INFO", text);
}

/**
 * Wraps the factory with the error-capturing binder, which turns thrown errors into the
 * `{ ok, value | error }` results the engine expects.
 */
function bindAdapterFactory(factory) {
  return driverAdapterUtils.bindMigrationAwareSqlAdapterFactory(factory);
}

async function handleMessage(server, line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    writeMessage({ jsonrpc: "2.0", id: null, error: { code: PARSE_ERROR_RPC_CODE, message: `invalid JSON on stdin: ${describeError(error)}` } });
    return;
  }
  // A message without a method is the CLI's reply to one of our `print` requests.
  if (typeof request.method !== "string") return;

  server.currentRequestId = request.id;
  try {
    const result = await callEngine(server, request);
    writeMessage({ jsonrpc: "2.0", id: request.id, result: forwardPrintedOutput(server, result) ?? null });
  } catch (error) {
    writeMessage({ jsonrpc: "2.0", id: request.id, error: toRpcError(server, error) });
  }
}

/**
 * Sends the panic as the error response of the running request when the engine panics inside a callback.
 * Such a panic surfaces as an uncaught WebAssembly.RuntimeError instead of a rejected promise and leaves the
 * engine unusable, so the process then exits like the native engine does after a panic.
 */
function reportCallbackPanics(server) {
  process.on("uncaughtException", (error) => {
    if (!(error instanceof WebAssembly.RuntimeError)) {
      logLine("ERROR", `schema engine shim crashed: ${error?.stack ?? describeError(error)}`);
      process.exit(1);
    }
    const rpcError = toRpcError(server, error);
    writeMessage({ jsonrpc: "2.0", id: server.currentRequestId, error: rpcError });
    logLine("ERROR", rpcError.data.message);
    process.exit(PANIC_EXIT_CODE);
  });
}

async function callEngine(server, request) {
  const method = RENAMED_METHODS[request.method] ?? request.method;
  if (method === "createDatabase") return createDatabaseFromParams(server.factory, request.params);
  if (typeof server.engine[method] !== "function" || method === "free" || method === "constructor") {
    throw Object.assign(new Error(`the wasm schema engine has no method "${request.method}"`), { rpcCode: METHOD_NOT_FOUND_RPC_CODE });
  }
  // Call through the engine object: a detached method loses its pointer into the wasm instance.
  return server.engine[method](request.params ?? undefined);
}

async function createDatabaseFromParams(factory, params) {
  const url = params?.datasource?.url ?? factory.url;
  await createDatabase(url);
  return { databaseName: databaseName(url) };
}

/**
 * Moves `stdout` out of a result into a `print` request. The wasm engine returns text for the terminal (the
 * output of `migrate diff`) in `stdout`, and the CLI ignores that field in results. The native engine sends
 * such text as a `print` request instead, which the CLI writes to its stdout followed by a newline.
 */
function forwardPrintedOutput(server, result) {
  if (!result || typeof result.stdout !== "string") return result;
  const { stdout, ...rest } = result;
  if (stdout.length > 0) {
    server.printRequestId += 1;
    const content = stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout;
    writeMessage({ jsonrpc: "2.0", id: `print-${server.printRequestId}`, method: "print", params: { content } });
  }
  return rest;
}

/**
 * Builds the JSON-RPC error object in the native engine's shape: the CLI reads `data.message`, `data.error_code`
 * (user-facing errors such as P3018 "migration failed") and `data.is_panic`.
 */
function toRpcError(server, error) {
  if (error instanceof WebAssembly.RuntimeError) {
    const message = server.panics.lastMessage ?? error.message;
    server.panics.lastMessage = undefined;
    return { code: ENGINE_ERROR_RPC_CODE, message: "The schema engine panicked.", data: { is_panic: true, message, error: { message } } };
  }
  const data = { is_panic: false, message: resolveExternalErrors(server, describeError(error)), backtrace: null };
  if (typeof error?.code === "string") {
    data.error_code = error.code;
    data.meta = error.meta ?? null;
  }
  return { code: error?.rpcCode ?? ENGINE_ERROR_RPC_CODE, message: "An error happened. Check the data field for details.", data };
}

/**
 * Appends the JavaScript error behind each "External error id#N" in an engine message. For errors that the
 * driver adapter cannot classify (a failed shadow database setup, for example) the engine receives only a
 * registry id, so the cause would otherwise be lost.
 */
function resolveExternalErrors(server, message) {
  const causes = [];
  for (const match of message.matchAll(/External error id#(\d+)/g)) {
    const record = server.errorRegistry.consumeError(Number(match[1]));
    if (record) causes.push(`External error id#${match[1]}: ${describeError(record.error)}`);
  }
  return causes.length > 0 ? `${message}\n${causes.join("\n")}` : message;
}

function writeMessage(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
