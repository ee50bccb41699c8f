import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import { checkGatewayHealth } from "./health";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id";
import { sendJson, sendOpenAiError } from "./respond";

export type GatewayDeps = { db: Db; log: Logger; startedAt: Date };

export type RouteContext = { req: IncomingMessage; res: ServerResponse; requestId: string; log: Logger; deps: GatewayDeps };

type Route = { method: string; path: string; handle: (context: RouteContext) => Promise<void> };

// Exact paths. The OpenAI-compatible /v1 routes join this table as they are built.
const routes: Route[] = [
  {
    method: "GET",
    path: "/health",
    handle: async ({ res, deps }) => sendJson(res, 200, await checkGatewayHealth(deps.db, deps.startedAt), { "cache-control": "no-store" }),
  },
];

/**
 * The gateway's node:http request listener: assigns a request id (echoed in x-request-id), routes by
 * method and path, returns OpenAI-style errors for unknown routes, and logs one line per request.
 */
export function createGatewayListener(deps: GatewayDeps): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const requestId = resolveRequestId(req);
    // Only the path is logged: query strings can carry keys (some clients send ?api-key=).
    const path = new URL(req.url ?? "/", "http://gateway.invalid").pathname;
    const method = req.method ?? "GET";
    const log = deps.log.child({ requestId });
    res.setHeader(REQUEST_ID_HEADER, requestId);

    res.on("finish", () => {
      const durationMs = Math.round(performance.now() - started);
      log.info({ method, path, status: res.statusCode, durationMs }, "http.request");
    });

    void dispatch({ req, res, requestId, log, deps }, method, path);
  };
}

async function dispatch(context: RouteContext, method: string, path: string): Promise<void> {
  const { res, log, requestId } = context;
  const matches = routes.filter((route) => route.path === path);
  const route = matches.find((candidate) => candidate.method === method);

  if (!route && matches.length === 0) {
    // Under /v1 the path is right but the endpoint is not served yet; elsewhere the client has the wrong path.
    const advice = path.startsWith("/v1/")
      ? "This gateway does not serve that endpoint yet; see the Known limits in Luodi's README."
      : "Check the path; the OpenAI-compatible API is served under /v1.";
    sendOpenAiError(res, 404, { message: `Unknown request URL: ${method} ${path}. ${advice}`, type: "invalid_request_error", code: "not_found" });
    return;
  }
  if (!route) {
    const allowed = matches.map((candidate) => candidate.method).join(", ");
    sendOpenAiError(res, 405, { message: `Method ${method} is not allowed on ${path}; use ${allowed}.`, type: "invalid_request_error", code: "method_not_allowed" }, { allow: allowed });
    return;
  }

  try {
    await route.handle(context);
  } catch (error) {
    log.error({ method, path, error: toSafeErrorText(error) }, "http.handler_failed");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendOpenAiError(res, 500, { message: `Internal error; quote request id ${requestId} when reporting it.`, type: "server_error", code: "internal_error" });
  }
}
