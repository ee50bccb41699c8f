import type { RouteHandler } from "@/lib/api/route";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, withParams } from "../api/fixtures";

export type PromptsHarness = Awaited<ReturnType<typeof startPromptsHarness>>;
export type ErrorBody = { error: { code: string; message: string; reason?: string; params?: Record<string, string | number>; fields?: Record<string, string[]> } };

type CallOptions = { token: string; params?: Record<string, string>; body?: unknown; method?: string };

/**
 * Starts a private database with a workspace of an admin, a second admin, a viewer and a product member, and
 * helpers that call route files' handlers over it as API clients do.
 */
export async function startPromptsHarness() {
  const database: TestDatabase = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  const product = await createMember(database.db, seed.workspace.id, "product@example.com", "product");

  async function send(exported: RouteHandler, path: string, options: CallOptions): Promise<Response> {
    return handlerFor(exported, database.db)(apiRequest(path, options), withParams(options.params ?? {}));
  }

  /** Calls a route and checks that it succeeded and that its body matches the documented schema. */
  async function call<T>(exported: RouteHandler, path: string, options: CallOptions): Promise<T> {
    return readData<T>(await send(exported, path, options), exported);
  }

  /** Calls a route that must fail and returns its status and error body. */
  async function fail(exported: RouteHandler, path: string, options: CallOptions): Promise<{ status: number; error: ErrorBody["error"] }> {
    const response = await send(exported, path, options);
    const body = await readJson<ErrorBody>(response);
    if (response.ok) throw new Error(`${exported.definition.operationId} succeeded but the test expected a failure: ${JSON.stringify(body)}`);
    return { status: response.status, error: body.error };
  }

  return { db: database.db, seed: { ...seed, product }, send, call, fail, stop: database.stop };
}
