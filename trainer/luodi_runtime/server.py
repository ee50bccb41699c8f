"""The HTTP server: OpenAI-compatible routes over the standard library's ThreadingHTTPServer."""

import json
import logging
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .generation import DeltaStreamer, check_prompt_fits, generate_into, render_prompt
from .loading import LoadedModel
from .validation import ApiError, ChatRequest, Limits, parse_chat_request

MAX_BODY_BYTES = 8 * 1024 * 1024
logger = logging.getLogger("luodi_runtime")


class ClientGone(Exception):
    """The client closed the connection while a stream was being written."""


class RuntimeServer(ThreadingHTTPServer):
    """A loopback server for one loaded model; one generation runs at a time so CPU threads are not oversubscribed."""

    daemon_threads = True

    def __init__(self, port: int, loaded: LoadedModel, limits: Limits, *, model_path: str, adapter_path: str | None) -> None:
        super().__init__(("127.0.0.1", port), RuntimeHandler)
        self.loaded = loaded
        # Reported by /health so a caller can tell whether this runtime still serves the registered folders.
        self.model_path = model_path
        self.adapter_path = adapter_path
        self.limits = limits
        self.generation_lock = threading.Lock()
        self.created = int(time.time())

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class RuntimeHandler(BaseHTTPRequestHandler):
    """Routes requests; every error is sent as an OpenAI-style JSON body."""

    server: RuntimeServer
    protocol_version = "HTTP/1.1"
    # Seconds a client may stay silent while sending a request, so idle connections do not pile up.
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        logger.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self.dispatch({"/health": self.get_health, "/v1/models": self.get_models}, "GET")

    def do_POST(self) -> None:  # noqa: N802
        self.dispatch({"/v1/chat/completions": self.post_chat_completions}, "POST")

    def dispatch(self, routes: dict[str, Any], method: str) -> None:
        """Check the Host header, find the route and turn ApiError into an error response."""
        path = self.path.split("?", 1)[0]
        try:
            self.check_host()
            handler = routes.get(path)
            if handler is None:
                known = path in ("/health", "/v1/models", "/v1/chat/completions")
                if known:
                    raise ApiError(405, f"{method} is not allowed on {path}", code="method_not_allowed")
                raise ApiError(404, f"no route {method} {path}; this runtime serves /health, /v1/models and /v1/chat/completions", code="not_found")
            handler()
        except ApiError as error:
            self.send_json(error.status, error.body())
        except ClientGone:
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 - the client gets a JSON error instead of a dropped connection
            logger.exception("request failed")
            failure = ApiError(500, f"internal error: {type(error).__name__}", error_type="server_error", code="internal_error")
            self.send_json(500, failure.body())

    def check_host(self) -> None:
        """Reject Host headers other than loopback, so a web page cannot reach the runtime by DNS rebinding."""
        host = (self.headers.get("Host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]", 1)[0] + "]"
        if name not in ("127.0.0.1", "localhost", "[::1]"):
            raise ApiError(403, f"the Host header {host!r} is not a loopback address", error_type="permission_error", code="forbidden_host")

    def get_health(self) -> None:
        self.send_json(200, {
            "status": "ok",
            "model": self.server.limits.served_model,
            "modelPath": self.server.model_path,
            "adapterPath": self.server.adapter_path,
            "busy": self.server.generation_lock.locked(),
        })

    def get_models(self) -> None:
        model = {"id": self.server.limits.served_model, "object": "model", "created": self.server.created, "owned_by": "luodi"}
        self.send_json(200, {"object": "list", "data": [model]})

    def read_json_body(self) -> Any:
        """Read and decode the JSON body, bounded by MAX_BODY_BYTES."""
        content_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            self.close_connection = True
            raise ApiError(415, f"Content-Type must be application/json; got {content_type or 'none'!r}", code="unsupported_media_type")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(411, "send the body with a Content-Length header, not chunked", code="length_required")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            self.close_connection = True
            raise ApiError(400, "Content-Length must be a number", code="invalid_length") from None
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise ApiError(413, f"the body is {length} bytes; the limit is {MAX_BODY_BYTES}", code="body_too_large")

        raw = self.rfile.read(length)
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ApiError(400, f"the body is not valid JSON: {error}", param="body", code="invalid_json") from None

    def post_chat_completions(self) -> None:
        request = parse_chat_request(self.read_json_body(), self.server.limits)
        loaded = self.server.loaded
        prompt_ids = render_prompt(loaded.tokenizer, request.messages)
        max_new_tokens = check_prompt_fits(len(prompt_ids), request, loaded)
        streamer = DeltaStreamer(loaded.tokenizer, stops=request.stop, eos_token_ids=loaded.eos_token_ids)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"

        with self.server.generation_lock:
            worker = GenerationThread(loaded, prompt_ids, request, max_new_tokens, streamer)
            worker.start()
            try:
                if request.stream:
                    self.write_stream(completion_id, request, streamer, worker, len(prompt_ids))
                else:
                    self.write_completion(completion_id, streamer, worker, len(prompt_ids))
            finally:
                # Stops generate at its next token when the client left mid-way.
                streamer.cancelled.set()
                worker.join()

    def write_completion(self, completion_id: str, streamer: DeltaStreamer, worker: "GenerationThread", prompt_tokens: int) -> None:
        text = "".join(iter_deltas(streamer))
        worker.join()
        if worker.error is not None:
            raise worker.error
        self.send_json(200, {
            "id": completion_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.server.limits.served_model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None, "finish_reason": streamer.finish_reason}],
            "usage": usage_of(prompt_tokens, streamer.completion_tokens),
        })

    def write_stream(self, completion_id: str, request: ChatRequest, streamer: DeltaStreamer, worker: "GenerationThread", prompt_tokens: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        created = int(time.time())

        def chunk(delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
            body: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": self.server.limits.served_model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
            }
            if request.include_usage:
                body["usage"] = None
            return body

        self.write_event(chunk({"role": "assistant", "content": ""}, None))
        for delta in iter_deltas(streamer):
            self.write_event(chunk({"content": delta}, None))
        worker.join()

        if worker.error is not None:
            # Headers are already sent, so the error travels as an event, as OpenAI does mid-stream.
            self.write_event(worker.error.body())
        else:
            self.write_event(chunk({}, streamer.finish_reason))
            if request.include_usage:
                final = chunk({}, None)
                final["choices"] = []
                final["usage"] = usage_of(prompt_tokens, streamer.completion_tokens)
                self.write_event(final)
        self.write_chunk(b"data: [DONE]\n\n")
        self.write_chunk(b"")

    def write_event(self, body: dict[str, Any]) -> None:
        self.write_chunk(b"data: " + json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n\n")

    def write_chunk(self, data: bytes) -> None:
        """Write one HTTP/1.1 chunk; an empty ``data`` ends the body."""
        try:
            self.wfile.write(f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n")
            self.wfile.flush()
        except ConnectionError as error:
            raise ClientGone() from error

    def send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except ConnectionError:
            self.close_connection = True


class GenerationThread(threading.Thread):
    """Runs ``generate`` beside the request thread, which writes deltas as they arrive."""

    def __init__(self, loaded: LoadedModel, prompt_ids: list[int], request: ChatRequest, max_new_tokens: int, streamer: DeltaStreamer) -> None:
        super().__init__(name="generation", daemon=True)
        self.arguments = (loaded, prompt_ids, request, max_new_tokens, streamer)
        self.streamer = streamer
        self.error: ApiError | None = None

    def run(self) -> None:
        try:
            generate_into(*self.arguments)
        except Exception as error:  # noqa: BLE001 - any failure must reach the client, not kill the thread silently
            logger.exception("generation failed")
            self.error = ApiError(500, f"generation failed: {type(error).__name__}: {error}", error_type="server_error", code="generation_failed")
            # generate may have failed before calling end(); close the queue so the reader returns.
            self.streamer.deltas.put(None)


def iter_deltas(streamer: DeltaStreamer):
    """Yield text deltas until the streamer's queue is closed."""
    while True:
        delta = streamer.deltas.get()
        if delta is None:
            return
        yield delta


def usage_of(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}
