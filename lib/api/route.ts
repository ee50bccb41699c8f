import type { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/roles";
import { recordAudit, type AuditEntry } from "@/lib/audit/record";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/log";
import { enqueue as defaultEnqueue, type Enqueue } from "@/lib/queue/producer";
import { authenticateRequest, type AuthMethod } from "./authenticate";
import { errorBody, jsonResponse } from "./http";
import { requestIdOf, requestMetaOf, requestOrigin } from "./request-meta";
import { parseJsonBody, parsePathParams, parseQuery } from "./validation";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Marks a route that needs no authentication, such as the OpenAPI document. */
export const PUBLIC = "public";
type Access = Permission | typeof PUBLIC;

/** Services a route uses. Tests replace some of them. */
export type ApiDependencies = {
  db: () => Db;
  /** Resolves the console's session cookie to an actor. Called only when the request carries cookies. */
  resolveSession: (request: Request) => Promise<Actor | null>;
  /** LUODI_PUBLIC_URL, when set; links such as invitations fall back to the request's origin. */
  publicUrl: () => string | undefined;
  /** Sends background jobs; tests plug in a pg-boss instance of their own through enqueueWith. */
  enqueue: Enqueue;
};

export const defaultApiDependencies: ApiDependencies = {
  db: defaultDb,
  // Imported on first use, so this module and its tests load without next-auth and next/headers.
  // getActor reads the cookie through next/headers, not from `request`.
  resolveSession: async () => (await import("@/lib/auth/session")).getActor(),
  publicUrl: () => env().LUODI_PUBLIC_URL,
  enqueue: defaultEnqueue,
};

type Output<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

export type RouteContext<A extends Access, P, Q, B> = {
  request: Request;
  /** Null only on public routes. */
  actor: A extends typeof PUBLIC ? null : Actor;
  authMethod: A extends typeof PUBLIC ? null : AuthMethod;
  meta: RequestMeta;
  db: Db;
  /** Base URL for links this API hands out: LUODI_PUBLIC_URL, or the origin the client used. */
  baseUrl: string;
  enqueue: Enqueue;
  params: Output<P>;
  query: Output<Q>;
  body: Output<B>;
};

/** Result of a route that sends JSON. Its `audit` entry is written after the handler succeeds, and reads return none. */
export type JsonRouteResult = {
  data: unknown;
  audit?: AuditEntry | null;
  /** Set on paginated lists; sent beside `data`. */
  nextCursor?: string | null;
};

/** Result of a route declared with `file`: the handler builds the response itself, for example to stream a download. */
export type FileRouteResult = {
  response: Response;
  audit?: AuditEntry | null;
};

export type RouteResult = JsonRouteResult | FileRouteResult;

/** A success body that is not JSON, as the OpenAPI document describes it. */
export type FileResponseSpec = {
  /** Media types the route may send, such as application/jsonl. */
  contentTypes: readonly string[];
  description: string;
};

/** A request body that is not JSON, such as an uploaded file, as the OpenAPI document describes it. */
export type RawBodySpec = {
  contentType: string;
  description: string;
};

/** The success body of a route: JSON whose `data` matches `response`, or a file described by `file`. */
type SuccessShape = { response: z.ZodType; file?: never } | { file: FileResponseSpec; response?: never };

export type RouteDefinition<
  A extends Access = Access,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> = SuccessShape & {
  method: HttpMethod;
  /** OpenAPI path template below /api/v1, for example `/users/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  permission: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest JSON body that `body` accepts, in bytes; MAX_BODY_BYTES when unset. */
  maxBodyBytes?: number;
  /**
   * A body that is not JSON. The handler reads `request.body` itself, so it can stream a large upload, and
   * the document lists this content type. A route declares either `body` or `rawBody`, never both.
   */
  rawBody?: RawBodySpec;
  successStatus?: 200 | 201;
  /** Adds `nextCursor` beside `data` in the documented response. */
  paginated?: boolean;
  /** Query parameter that takes `nextCursor` for the next page; `before` when unset. */
  cursorParameter?: string;
  /** False sends `data` itself as the body instead of `{ "data": ... }`; only for documents with a fixed format. */
  envelope?: boolean;
  /** Failures specific to this route, beyond those every route documents. */
  errors?: ErrorCode[];
  handler: (context: RouteContext<A, P, Q, B>) => Promise<RouteResult>;
};

export type AnyRouteDefinition = RouteDefinition<Access, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Declares a management API route. The definition drives both the handler and the OpenAPI document. */
export function defineRoute<
  A extends Access,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<A, P, Q, B>): RouteDefinition<A, P, Q, B> {
  return definition;
}

/** The second argument Next.js passes to a route handler; tests may omit it for routes without path parameters. */
export type NextRouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

export type RouteHandler = ((request: Request, context?: NextRouteContext) => Promise<Response>) & {
  readonly definition: AnyRouteDefinition;
};

/**
 * Builds the `(Request) => Response` function for a route: authenticates, checks the permission, validates
 * path, query and body, runs the handler, records its audit event and maps every failure to the error shape.
 */
export function createRouteHandler<A extends Access, P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  definition: RouteDefinition<A, P, Q, B>,
  dependencies: ApiDependencies = defaultApiDependencies,
): RouteHandler {
  const routeName = `${definition.method} /api/v1${definition.path}`;
  if (definition.body && definition.rawBody) throw new Error(`${routeName} declares both body and rawBody; keep one`);

  const handle = async (request: Request, nextContext?: NextRouteContext): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = requestIdOf(request);
    const log = logger.child({ route: routeName, requestId });
    const headers: Record<string, string> = { "x-request-id": requestId };

    try {
      // Resolved on first use, so public routes such as the OpenAPI document work without a database.
      let database: Db | undefined;
      const getDb = () => (database ??= dependencies.db());
      const publicUrl = dependencies.publicUrl();
      const authentication =
        definition.permission === PUBLIC ? null : await authenticateRequest(request, getDb(), dependencies.resolveSession, publicUrl);

      const actor = authentication?.actor ?? null;
      if (actor && definition.permission !== PUBLIC && !can(actor.role, definition.permission)) {
        throw new AppError("FORBIDDEN", `Your role (${actor.role}) lacks the ${definition.permission} permission`);
      }

      const rawParams = (await nextContext?.params) ?? {};
      const context = {
        request,
        actor,
        authMethod: authentication?.method ?? null,
        meta: requestMetaOf(request, requestId),
        get db() {
          return getDb();
        },
        baseUrl: (publicUrl ?? requestOrigin(request)).replace(/\/+$/, ""),
        enqueue: dependencies.enqueue,
        params: definition.params ? parsePathParams(rawParams, definition.params) : undefined,
        query: definition.query ? parseQuery(request, definition.query) : undefined,
        body: definition.body ? await parseJsonBody(request, definition.body, definition.maxBodyBytes) : undefined,
      } as RouteContext<A, P, Q, B>;

      const result = await definition.handler(context);
      // NOTE: the audit event is written after the mutation and outside its transaction, as in the server
      // action layer. A crash between the two loses the event but keeps the change.
      if (result.audit && actor) await recordAudit(getDb(), actor, context.meta, result.audit);

      const durationMs = Math.round(performance.now() - startedAt);
      if ("response" in result) {
        if (!definition.file) throw new Error(`${routeName} returned a Response but declares no file; declare it or return data`);
        log.debug({ status: result.response.status, actorId: actor?.userId, durationMs }, "api.request");
        return withApiHeaders(result.response, headers);
      }
      if (definition.file) throw new Error(`${routeName} declares a file but returned data; return { response }`);

      const status = definition.successStatus ?? 200;
      log.debug({ status, actorId: actor?.userId, durationMs }, "api.request");
      const body =
        definition.envelope === false
          ? result.data
          : "nextCursor" in result
            ? { data: result.data, nextCursor: result.nextCursor ?? null }
            : { data: result.data };
      return jsonResponse(body, status, headers);
    } catch (error) {
      return failureResponse(error, request, headers, log);
    }
  };

  return Object.assign(handle, { definition });
}

/** Adds the request id, and no-store unless the handler chose a cache policy, to a response a handler built. */
function withApiHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

function failureResponse(error: unknown, request: Request, headers: Record<string, string>, log: typeof logger): Response {
  if (!isAppError(error)) {
    log.error({ err: error }, "api.request.failed");
    return jsonResponse(errorBody("INTERNAL", "Internal error; quote the x-request-id header when reporting it"), 500, headers);
  }

  if (error.code === "UNAUTHENTICATED") {
    // RFC 6750 section 3.1: a rejected token gets error="invalid_token", and a request without credentials gets no error code.
    headers["www-authenticate"] = request.headers.has("authorization") ? 'Bearer realm="luodi", error="invalid_token"' : 'Bearer realm="luodi"';
  }
  if (error.options.retryAfterSeconds) headers["retry-after"] = String(error.options.retryAfterSeconds);
  if (error.code === "UNAUTHENTICATED" || error.code === "FORBIDDEN") log.warn({ code: error.code }, "api.request.rejected");

  return jsonResponse(errorBody(error.code, error.publicMessage, error.options.fieldErrors, { reason: error.options.reason, params: error.options.params, details: error.options.details }), error.status, headers);
}

/** The handler a `route.ts` file exports, with the production dependencies. */
export function route<A extends Access, P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  definition: RouteDefinition<A, P, Q, B>,
): RouteHandler {
  return createRouteHandler(definition);
}
