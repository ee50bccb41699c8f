import type { z } from "zod";
import { expect } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { Role } from "@/lib/auth/roles";
import { createPersonalAccessToken } from "@/lib/auth/tokens";
import { createRouteHandler, type ApiDependencies, type RouteHandler } from "@/lib/api/route";
import type { Db } from "@/lib/db/client";

export type Member = { id: string; email: string; actor: Actor; token: string };

/** Creates a workspace with an admin, a second admin and a viewer, each holding a fresh token. */
export async function seedWorkspace(database: Db) {
  const workspace = await database.workspace.create({ data: { slug: "test", name: "Test workspace" } });
  return {
    workspace,
    admin: await createMember(database, workspace.id, "admin@example.com", "admin"),
    otherAdmin: await createMember(database, workspace.id, "second-admin@example.com", "admin"),
    viewer: await createMember(database, workspace.id, "viewer@example.com", "viewer"),
  };
}

export async function createMember(database: Db, workspaceId: string, email: string, role: Role): Promise<Member> {
  const user = await database.user.create({
    data: { email, name: email.split("@")[0] ?? email, memberships: { create: { workspaceId, role } } },
  });
  const actor = await loadUserActor(database, user.id);
  if (!actor) throw new Error(`test user ${email} has no actor`);

  const { token } = await createPersonalAccessToken(database, actor, { name: "tests" });
  return { id: user.id, email, actor, token };
}

/**
 * Rebuilds a route file's handler over the test database, with no session and no LUODI_PUBLIC_URL unless
 * given. Sending a job fails unless the test passes `enqueue`, so no test reaches the web's own producer.
 */
export function handlerFor(exported: RouteHandler, database: Db, overrides: Partial<ApiDependencies> = {}): RouteHandler {
  return createRouteHandler(exported.definition, {
    db: () => database,
    resolveSession: async () => null,
    publicUrl: () => undefined,
    enqueue: async (name) => {
      throw new Error(`The test sent a ${name} job without an enqueue dependency; pass enqueueWith(boss) to handlerFor`);
    },
    ...overrides,
  });
}

type RequestOptions = { method?: string; token?: string; body?: unknown; headers?: Record<string, string> };

/** Builds a request to `path` below /api/v1 on a loopback origin. A `body` is sent as JSON. */
export function apiRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");

  return new Request(`http://127.0.0.1:3000/api/v1${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** Builds the context argument Next.js passes to handlers of routes with path parameters. */
export function withParams(params: Record<string, string>) {
  return { params: Promise.resolve(params) };
}

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Reads a success body and checks `data` against the route's documented response schema. */
export async function readData<T = unknown>(response: Response, handler: RouteHandler): Promise<T> {
  const body = await readJson<{ data: unknown }>(response);
  expect(response.ok, `${handler.definition.operationId} failed: ${JSON.stringify(body)}`).toBe(true);
  const parsed = (handler.definition.response as z.ZodType).safeParse(body.data);
  expect(parsed.error?.issues ?? [], `${handler.definition.operationId} response differs from its OpenAPI schema`).toEqual([]);
  return body.data as T;
}
