import type { RouteHandler } from "@/lib/api/route";
import type { Db } from "@/lib/db/client";
import { startTestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, seedWorkspace, withParams } from "../api/fixtures";

/**
 * What the gateway admin tests share: a private database with a workspace (admin, second admin, viewer,
 * product and engineer members), a provider with chat, embeddings and vision models, and route handlers.
 */
export type GatewayAdminHarness = Awaited<ReturnType<typeof startGatewayAdminHarness>>;

export type ApiErrorBody = { error: { code: string; message: string; reason?: string; params?: Record<string, string | number>; fields?: Record<string, string[]> } };

/** Adds a provider with one model per entry, written straight to the database as test setup. */
export async function seedProvider(db: Db, workspaceId: string, name: string, models: { name: string; capabilities: string[]; enabled?: boolean }[], options: { enabled?: boolean } = {}) {
  const provider = await db.provider.create({ data: { workspaceId, name, kind: "vllm", baseUrl: "http://127.0.0.1:9/v1", enabled: options.enabled ?? true } });
  const created: Record<string, string> = {};
  for (const model of models) {
    const row = await db.providerModel.create({
      data: { workspaceId, providerId: provider.id, name: model.name, capabilities: model.capabilities, enabled: model.enabled ?? true, currency: "CNY" },
    });
    created[model.name] = row.id;
  }
  return { provider, models: created };
}

export async function startGatewayAdminHarness() {
  const database = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  const product = await createMember(database.db, seed.workspace.id, "product@example.com", "product");
  const engineer = await createMember(database.db, seed.workspace.id, "engineer@example.com", "engineer");

  const main = await seedProvider(database.db, seed.workspace.id, "Lab vLLM", [
    { name: "qwen-chat", capabilities: ["chat"] },
    { name: "qwen-chat-v2", capabilities: ["chat", "vision"] },
    { name: "deepseek-chat", capabilities: ["chat"] },
    { name: "bge-embed", capabilities: ["embeddings"] },
    { name: "bge-embed-v2", capabilities: ["embeddings"] },
    { name: "whisper", capabilities: ["audio"] },
    { name: "old-chat", capabilities: ["chat"], enabled: false },
  ]);
  const off = await seedProvider(database.db, seed.workspace.id, "Switched off", [{ name: "off-chat", capabilities: ["chat"] }], { enabled: false });

  const otherWorkspace = await database.db.workspace.create({ data: { slug: "other", name: "Other workspace" } });
  const foreign = await seedProvider(database.db, otherWorkspace.id, "Other vLLM", [{ name: "foreign-chat", capabilities: ["chat"] }]);

  type CallOptions = { token: string; params?: Record<string, string>; body?: unknown; method?: string };

  /** Sends a request through a route file's handler and returns the response with its text and parsed body. */
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

  const models: Record<string, string> = { ...main.models, "off-chat": off.models["off-chat"]!, "foreign-chat": foreign.models["foreign-chat"]! };

  return {
    database,
    db: database.db,
    seed,
    product,
    engineer,
    models,
    send,
    call,
    stop: () => database.stop(),
  };
}

/** Reads every audit event as one JSON text, for checks that a secret never reached the log. */
export async function auditText(db: Db): Promise<string> {
  const events = await db.auditEvent.findMany();
  return JSON.stringify(events, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
