import { authenticateRequest } from "@/lib/api/authenticate";
import { errorBody, jsonResponse } from "@/lib/api/http";
import { requestIdOf } from "@/lib/api/request-meta";
import { defaultApiDependencies, type ApiDependencies } from "@/lib/api/route";
import { parseJsonBody } from "@/lib/api/validation";
import { can } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { LlmError, type LlmErrorKind, type TokenUsage } from "@/lib/llm/types";
import { logger } from "@/lib/log";
import { PLAYGROUND_MAX_BODY_BYTES, playgroundChatInput } from "./input";
import { preparePlaygroundCall, runPlaygroundCall, type PlaygroundSuccess, type PreparedPlaygroundCall } from "./run";

/**
 * The playground's streaming endpoint, POST /api/playground/chat. It answers `text/event-stream` with
 * these events, each `data` a JSON object:
 * - `delta` { text }: a piece of the answer.
 * - `done` { text, finishReason, usage, ttftMs, latencyMs, cost, currency, schemaValid?, schemaErrors? }.
 * - `error` { kind, message, partialText, usage, retryAfterSeconds, httpStatus, providerMessage }: the call
 *   failed; `kind` is an LlmError kind or "internal".
 * Problems found before the call (authentication, permission, invalid body or schema, unknown model, images
 * for a model without vision) get the management API's JSON error response instead of a stream.
 */

export type PlaygroundDoneEvent = {
  text: string;
  finishReason: string | null;
  usage: TokenUsage;
  ttftMs: number | null;
  latencyMs: number;
  cost: number | null;
  currency: string | null;
  schemaValid?: boolean;
  schemaErrors?: PlaygroundSuccess["schemaErrors"];
};

export type PlaygroundErrorEvent = {
  kind: LlmErrorKind | "internal";
  message: string;
  partialText: string;
  usage: TokenUsage | null;
  retryAfterSeconds: number | null;
  httpStatus: number | null;
  providerMessage: string | null;
};

type Dependencies = Pick<ApiDependencies, "db" | "resolveSession" | "publicUrl">;

export function createPlaygroundChatHandler(dependencies: Dependencies = defaultApiDependencies) {
  return async function POST(request: Request): Promise<Response> {
    const requestId = requestIdOf(request);
    const headers = { "x-request-id": requestId };
    const log = logger.child({ route: "POST /api/playground/chat", requestId });

    let db: Db;
    let prepared: PreparedPlaygroundCall;
    try {
      db = dependencies.db();
      const { actor } = await authenticateRequest(request, db, dependencies.resolveSession, dependencies.publicUrl());
      if (!can(actor.role, "models.use")) throw new AppError("FORBIDDEN", `Your role (${actor.role}) lacks the models.use permission`);

      const input = await parseJsonBody(request, playgroundChatInput, PLAYGROUND_MAX_BODY_BYTES);
      prepared = await preparePlaygroundCall(db, actor, input);
    } catch (error) {
      return failureResponse(error, headers, log);
    }

    return new Response(eventStream(db, prepared, request, requestId, log), {
      status: 200,
      headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
    });
  };
}

function failureResponse(error: unknown, headers: Record<string, string>, log: typeof logger): Response {
  if (!isAppError(error)) {
    log.error({ err: error }, "playground.chat.failed");
    return jsonResponse(errorBody("INTERNAL", "Internal error; quote the x-request-id header when reporting it"), 500, headers);
  }
  const detail = { reason: error.options.reason, params: error.options.params };
  return jsonResponse(errorBody(error.code, error.publicMessage, error.options.fieldErrors, detail), error.status, headers);
}

function encodeEvent(event: string, data: unknown): Uint8Array {
  return new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Runs the call while the stream is open. Closing the stream (the browser's Stop, a closed tab) or the
 * request's own abort signal cancels the upstream call, and the usage log records it as cancelled.
 */
function eventStream(db: Db, prepared: PreparedPlaygroundCall, request: Request, requestId: string, log: typeof logger): ReadableStream<Uint8Array> {
  const upstream = new AbortController();
  const cancel = () => upstream.abort(new DOMException("The client went away", "AbortError"));
  request.signal.addEventListener("abort", cancel, { once: true });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encodeEvent(event, data));
        } catch {
          open = false;
        }
      };

      void (async () => {
        try {
          const success = await runPlaygroundCall(db, prepared, { signal: upstream.signal, onDelta: (text) => send("delta", { text }), requestId });
          send("done", doneEvent(success));
        } catch (error) {
          if (!(error instanceof LlmError)) log.error({ err: error, modelId: prepared.target.modelId }, "playground.chat.failed");
          send("error", errorEvent(error));
        } finally {
          request.signal.removeEventListener("abort", cancel);
          if (open) {
            open = false;
            controller.close();
          }
        }
      })();
    },
    cancel,
  });
}

function doneEvent({ result, schemaValid, schemaErrors }: PlaygroundSuccess): PlaygroundDoneEvent {
  return {
    text: result.text,
    finishReason: result.finishReason,
    usage: result.usage,
    ttftMs: result.ttftMs,
    latencyMs: result.latencyMs,
    cost: result.cost,
    currency: result.currency,
    ...(schemaValid !== undefined && { schemaValid, schemaErrors }),
  };
}

export function errorEvent(error: unknown): PlaygroundErrorEvent {
  if (!(error instanceof LlmError)) {
    return { kind: "internal", message: "Internal error while calling the model", partialText: "", usage: null, retryAfterSeconds: null, httpStatus: null, providerMessage: null };
  }
  return {
    kind: error.kind,
    message: error.message,
    partialText: error.details.partialText ?? "",
    usage: error.details.usage ?? null,
    retryAfterSeconds: error.details.retryAfterSeconds ?? null,
    httpStatus: error.details.httpStatus ?? null,
    providerMessage: error.details.providerMessage ?? null,
  };
}
