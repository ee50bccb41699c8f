import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { RouteHandler } from "@/lib/api/route";
import { startTestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, withParams } from "../api/fixtures";

/**
 * What the provider tests share: a private database with a workspace (admin, second admin, viewer, product
 * and engineer members) and route handlers over it. LUODI_ENCRYPTION_KEY is set here, before anything
 * calls env(), which reads process.env once per process.
 */
export type ProvidersHarness = Awaited<ReturnType<typeof startProvidersHarness>>;

export const TEST_ENCRYPTION_KEY = randomBytes(32).toString("base64");

export type ApiErrorBody = { error: { code: string; message: string; reason?: string; params?: Record<string, string | number>; fields?: Record<string, string[]> } };

export async function startProvidersHarness() {
  process.env.LUODI_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;

  const database = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  const product = await createMember(database.db, seed.workspace.id, "product@example.com", "product");
  const engineer = await createMember(database.db, seed.workspace.id, "engineer@example.com", "engineer");

  type CallOptions = { token: string; params?: Record<string, string>; body?: unknown; method?: string };

  /** Sends a request through a route file's handler and returns the response with its parsed body. */
  async function send(exported: RouteHandler, path: string, options: CallOptions) {
    const response = await handlerFor(exported, database.db)(apiRequest(path, options), withParams(options.params ?? {}));
    const text = await response.text();
    return { response, text, body: JSON.parse(text) as ApiErrorBody & { data: unknown } };
  }

  /** Sends a request that must succeed and checks the data against the route's documented schema. */
  async function call<T>(exported: RouteHandler, path: string, options: CallOptions): Promise<T> {
    const response = await handlerFor(exported, database.db)(apiRequest(path, options), withParams(options.params ?? {}));
    return readData<T>(response, exported);
  }

  return { database, db: database.db, seed, product, engineer, send, call, readJson, stop: () => database.stop() };
}

export type LoopbackServer = { url: string; requests: number; close(): Promise<void> };

/**
 * Starts a loopback HTTP server that handles every request with `handler`. It covers the GET /models behaviours
 * the shared fake lacks: never responding, or responding with something that is not a model list.
 */
export async function startLoopbackServer(handler: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server = http.createServer((request, response) => {
    state.requests += 1;
    handler(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // A hanging request would hold close() open, so its socket is destroyed first.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
