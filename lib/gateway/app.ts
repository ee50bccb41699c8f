import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { ConfigStore } from "./config-store";
import type { FineTuningDeps } from "./fine-tuning/settings";
import type { CanaryMonitor, KeyLimiter, LogSink, ResponseCache } from "./contracts";
import { handleChatCompletions } from "./handlers/chat-completions";
import { handleEmbeddings } from "./handlers/embeddings";
import { handleMetrics } from "./handlers/metrics";
import { handleModels } from "./handlers/models";
import { checkGatewayHealth } from "./health";
import type { CacheStatus, GatewayMetrics } from "./metrics";
import type { ProcessMetrics } from "./process-metrics";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id";
import { GatewayError, sendJson, sendOpenAiError } from "./respond";

export type GatewaySettings = {
  maxBodyBytes: number;
  maxN: number;
  /** Requests in flight on /v1 beyond which new ones get 429 at once. */
  maxInFlight: number;
};

/** Everything the request handlers use; built by lib/gateway/runtime.ts. */
export type GatewayDeps = {
  db: Db;
  log: Logger;
  startedAt: Date;
  config: ConfigStore;
  limiter: KeyLimiter;
  cache: ResponseCache;
  logSink: LogSink;
  canary: CanaryMonitor;
  metrics: GatewayMetrics;
  /** Event-loop delay, GC pauses and memory for /metrics. Tests that build deps by hand leave it out. */
  processMetrics?: ProcessMetrics;
  settings: GatewaySettings;
  /** Mutable counters shared by every request of this process. */
  load: { inFlight: number };
  /** Random source for weighted routing and canary shares; replaceable in tests. */
  random?: () => number;
  /** Queue, trainer and upload limit of the fine-tuning endpoints; read from the environment when absent. */
  fineTuning?: Partial<FineTuningDeps>;
};

/** Facts a /v1 handler learns about its request, for the Prometheus metrics written when it ends. */
export type RequestStats = {
  deployment: string | null;
  cache: CacheStatus;
  inputTokens: number | null;
  outputTokens: number | null;
  stream: boolean;
};

export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  log: Logger;
  deps: GatewayDeps;
  /** performance.now() when the request arrived. */
  startedAt: number;
  stats: RequestStats;
};

/**
 * The RouteContext of one request, with the `log` getter on the class. An object literal with a getter
 * kept every request alive through young-generation collections: at 1,000 requests/s each collection copied
 * about 3 MB, and that copying was most of the gateway's p99. The getter gets a new closure per request,
 * which probably gives each object its own hidden class in the old generation.
 */
class RequestContext implements RouteContext {
  readonly stats: RequestStats = { deployment: null, cache: "off", inputTokens: null, outputTokens: null, stream: false };
  private childLog: Logger | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly requestId: string,
    readonly deps: GatewayDeps,
    readonly startedAt: number,
  ) {}

  /** The request's child logger, built on first use because most requests log nothing at the default level. */
  get log(): Logger {
    this.childLog ??= this.deps.log.child({ requestId: this.requestId });
    return this.childLog;
  }
}

/**
 * A route matches its exact `path`, or `match` when given; `path` is then the template named in metrics
 * (such as /v1/files/{file_id}), so ids in URLs do not become metric labels.
 */
type Route = { method: string; path: string; match?: RegExp; handle: Handler; metered: boolean };

type Handler = (context: RouteContext) => Promise<void>;

/**
 * Wraps a handler that is imported on its first request. The files and fine-tuning endpoints pull in the
 * dataset import and queue code, about 30 MB of heap that every full garbage collection walks, so a
 * gateway that only proxies completions never loads them.
 */
function lazyHandler<M>(load: () => Promise<M>, pick: (module: M) => Handler): Handler {
  let loading: Promise<Handler> | null = null;
  return async (context) => {
    loading ??= load().then(pick);
    const handle = await loading;
    return handle(context);
  };
}

const files = () => import("./handlers/files");
const jobs = () => import("./handlers/fine-tuning-jobs");
const handleCreateFile = lazyHandler(files, (module) => module.handleCreateFile);
const handleListFiles = lazyHandler(files, (module) => module.handleListFiles);
const handleGetFile = lazyHandler(files, (module) => module.handleGetFile);
const handleDeleteFile = lazyHandler(files, (module) => module.handleDeleteFile);
const handleFileContent = lazyHandler(files, (module) => module.handleFileContent);
const handleCreateJob = lazyHandler(jobs, (module) => module.handleCreateJob);
const handleListJobs = lazyHandler(jobs, (module) => module.handleListJobs);
const handleGetJob = lazyHandler(jobs, (module) => module.handleGetJob);
const handleCancelJob = lazyHandler(jobs, (module) => module.handleCancelJob);
const handleListEvents = lazyHandler(jobs, (module) => module.handleListEvents);
const handleListCheckpoints = lazyHandler(jobs, (module) => module.handleListCheckpoints);

const FILE_PATH = /^\/v1\/files\/[^/]+$/;
const FILE_CONTENT_PATH = /^\/v1\/files\/[^/]+\/content$/;
const JOB_PATH = /^\/v1\/fine_tuning\/jobs\/[^/]+$/;
const JOB_CANCEL_PATH = /^\/v1\/fine_tuning\/jobs\/[^/]+\/cancel$/;
const JOB_EVENTS_PATH = /^\/v1\/fine_tuning\/jobs\/[^/]+\/events$/;
const JOB_CHECKPOINTS_PATH = /^\/v1\/fine_tuning\/jobs\/[^/]+\/checkpoints$/;

// /v1 routes are metered: they count toward the in-flight limit and the request metrics.
const routes: Route[] = [
  {
    method: "GET",
    path: "/health",
    metered: false,
    handle: async ({ res, deps }) => sendJson(res, 200, await checkGatewayHealth(deps.db, deps.startedAt), { "cache-control": "no-store" }),
  },
  { method: "GET", path: "/metrics", metered: false, handle: handleMetrics },
  { method: "POST", path: "/v1/chat/completions", metered: true, handle: handleChatCompletions },
  { method: "POST", path: "/v1/embeddings", metered: true, handle: handleEmbeddings },
  { method: "GET", path: "/v1/models", metered: true, handle: handleModels },
  { method: "POST", path: "/v1/files", metered: true, handle: handleCreateFile },
  { method: "GET", path: "/v1/files", metered: true, handle: handleListFiles },
  { method: "GET", path: "/v1/files/{file_id}", match: FILE_PATH, metered: true, handle: handleGetFile },
  { method: "DELETE", path: "/v1/files/{file_id}", match: FILE_PATH, metered: true, handle: handleDeleteFile },
  { method: "GET", path: "/v1/files/{file_id}/content", match: FILE_CONTENT_PATH, metered: true, handle: handleFileContent },
  { method: "POST", path: "/v1/fine_tuning/jobs", metered: true, handle: handleCreateJob },
  { method: "GET", path: "/v1/fine_tuning/jobs", metered: true, handle: handleListJobs },
  { method: "GET", path: "/v1/fine_tuning/jobs/{job_id}", match: JOB_PATH, metered: true, handle: handleGetJob },
  { method: "POST", path: "/v1/fine_tuning/jobs/{job_id}/cancel", match: JOB_CANCEL_PATH, metered: true, handle: handleCancelJob },
  { method: "GET", path: "/v1/fine_tuning/jobs/{job_id}/events", match: JOB_EVENTS_PATH, metered: true, handle: handleListEvents },
  { method: "GET", path: "/v1/fine_tuning/jobs/{job_id}/checkpoints", match: JOB_CHECKPOINTS_PATH, metered: true, handle: handleListCheckpoints },
];

// Routes by exact path, looked up before the patterns so the common paths cost one map read.
const exactRoutes = new Map<string, Route[]>();
for (const route of routes) if (!route.match) exactRoutes.set(route.path, [...(exactRoutes.get(route.path) ?? []), route]);
const patternRoutes = routes.filter((route) => route.match);

/** Returns the routes whose path matches, for every method. */
function routesFor(path: string): Route[] {
  return exactRoutes.get(path) ?? patternRoutes.filter((route) => route.match!.test(path));
}

/**
 * The gateway's node:http request listener: assigns a request id (echoed in x-request-id), routes by
 * method and path, returns OpenAI-style errors for unknown routes, and logs one line per request.
 */
export function createGatewayListener(deps: GatewayDeps): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const requestId = resolveRequestId(req);
    // Only the path is logged: query strings can carry keys (some clients send ?api-key=).
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const method = req.method ?? "GET";
    res.setHeader(REQUEST_ID_HEADER, requestId);

    const context = new RequestContext(req, res, requestId, deps, started);

    if (deps.log.isLevelEnabled("info")) {
      res.on("finish", () => {
        const durationMs = Math.round(performance.now() - started);
        context.log.info({ method, path, status: res.statusCode, durationMs }, "http.request");
      });
    }

    void dispatch(context, method, path);
  };
}

async function dispatch(context: RouteContext, method: string, path: string): Promise<void> {
  // The logger is read only where something is logged, because building it costs more than the request's routing.
  const { res, requestId, deps } = context;
  const matches = routesFor(path);
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

  if (route.metered) {
    trackRequest(context, route.path);
    if (deps.load.inFlight > deps.settings.maxInFlight) {
      sendOpenAiError(
        res,
        429,
        { message: `The gateway is at its limit of ${deps.settings.maxInFlight} requests in flight. Retry after a second.`, type: "rate_limit_error", code: "server_overloaded" },
        { "retry-after": "1" },
      );
      return;
    }
  }

  try {
    await route.handle(context);
  } catch (error) {
    if (res.headersSent) {
      context.log.error({ method, path, error: toSafeErrorText(error) }, "http.handler_failed_after_headers");
      res.destroy();
      return;
    }
    if (error instanceof GatewayError) {
      sendOpenAiError(res, error.status, error.error, error.headers);
      return;
    }
    context.log.error({ method, path, error: toSafeErrorText(error) }, "http.handler_failed");
    sendOpenAiError(res, 500, { message: `Internal error; quote request id ${requestId} when reporting it.`, type: "server_error", code: "internal_error" });
  }
}

/** Counts the request as in flight until its connection closes, then records its metrics. */
function trackRequest(context: RouteContext, endpoint: string): void {
  const { res, deps, stats, startedAt } = context;
  deps.load.inFlight += 1;
  res.once("close", () => {
    deps.load.inFlight -= 1;
    deps.metrics.observeRequest({
      endpoint,
      deployment: stats.deployment,
      status: res.statusCode,
      latencyMs: performance.now() - startedAt,
      cache: stats.cache,
      inputTokens: stats.inputTokens,
      outputTokens: stats.outputTokens,
      stream: stats.stream,
    });
  });
}
