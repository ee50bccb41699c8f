"""Parse and validate ``POST /v1/chat/completions`` bodies into a ChatRequest."""

from dataclasses import dataclass
from typing import Any

MAX_STOP_SEQUENCES = 4
MAX_STOP_LENGTH = 200
MAX_MESSAGES = 1000
# "developer" is OpenAI's newer name for the system role; chat templates only know "system".
ROLE_ALIASES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class ApiError(Exception):
    """An error returned to the client as an OpenAI-style body: ``{"error": {message, type, param, code}}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        """Return the JSON body OpenAI clients expect for an error."""
        return {"error": {"message": self.message, "type": self.error_type, "param": self.param, "code": self.code}}


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Server-side bounds on requests, set from the command line."""

    served_model: str
    default_max_tokens: int
    max_tokens_limit: int


@dataclass(frozen=True, kw_only=True)
class ChatRequest:
    """A validated chat completion request."""

    messages: list[dict[str, str]]
    max_tokens: int
    # 0 means greedy decoding.
    temperature: float
    top_p: float
    stop: list[str]
    seed: int | None
    stream: bool
    include_usage: bool


def invalid(message: str, param: str, code: str = "invalid_value") -> ApiError:
    """Build a 400 error naming the offending parameter."""
    return ApiError(400, message, param=param, code=code)


def read_number(body: dict[str, Any], name: str, default: float, low: float, high: float) -> float:
    """Return ``body[name]`` as a float in [low, high], or ``default`` when absent or null."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid(f"{name} must be a number between {low} and {high}; got {value!r}", name)
    if not low <= value <= high:
        raise invalid(f"{name} must be between {low} and {high}; got {value}", name)
    return float(value)


def read_max_tokens(body: dict[str, Any], limits: Limits) -> int:
    """Return the completion token limit from ``max_completion_tokens`` or ``max_tokens``."""
    name = "max_completion_tokens" if body.get("max_completion_tokens") is not None else "max_tokens"
    value = body.get(name)
    if value is None:
        return limits.default_max_tokens
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise invalid(f"{name} must be a positive integer; got {value!r}", name)
    if value > limits.max_tokens_limit:
        raise invalid(f"{name} must be at most {limits.max_tokens_limit} on this runtime; got {value}", name)
    return value


def read_stop(body: dict[str, Any]) -> list[str]:
    """Return the stop sequences: a string or a list of up to four non-empty strings."""
    value = body.get("stop")
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) and item for item in values):
        raise invalid("stop must be a non-empty string or a list of non-empty strings", "stop")
    if len(values) > MAX_STOP_SEQUENCES:
        raise invalid(f"stop accepts at most {MAX_STOP_SEQUENCES} sequences; got {len(values)}", "stop")
    if any(len(item) > MAX_STOP_LENGTH for item in values):
        raise invalid(f"each stop sequence must be at most {MAX_STOP_LENGTH} characters", "stop")
    return list(values)


def read_seed(body: dict[str, Any]) -> int | None:
    """Return the sampling seed, or None when absent."""
    value = body.get("seed")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise invalid(f"seed must be a non-negative integer below 2^63; got {value!r}", "seed")
    return value


def read_content(content: Any, index: int) -> str:
    """Return a message's text from a string or a list of text parts; image and audio parts are rejected."""
    param = f"messages[{index}].content"
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise invalid(f"{param} must be a string or a list of content parts", param)

    texts: list[str] = []
    for part in content:
        part_type = part.get("type") if isinstance(part, dict) else None
        if part_type == "text" and isinstance(part.get("text"), str):
            texts.append(part["text"])
        elif part_type in ("image_url", "input_audio", "file"):
            raise invalid(
                f"{param} contains a {part_type} part, but this model accepts text only; remove it or use a vision model",
                param,
                code="unsupported_content",
            )
        else:
            raise invalid(f"{param} has a part that is not {{\"type\": \"text\", \"text\": ...}}", param)
    return "".join(texts)


def read_messages(body: dict[str, Any]) -> list[dict[str, str]]:
    """Return the messages as ``{"role", "content"}`` pairs with roles normalised for chat templates."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise invalid("messages must be a non-empty list", "messages")
    if len(messages) > MAX_MESSAGES:
        raise invalid(f"messages accepts at most {MAX_MESSAGES} entries; got {len(messages)}", "messages")

    result: list[dict[str, str]] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            raise invalid(f"messages[{index}] must be an object with role and content", f"messages[{index}]")
        role = message.get("role")
        if role not in ROLE_ALIASES:
            raise invalid(
                f"messages[{index}].role must be one of system, developer, user, assistant; got {role!r}",
                f"messages[{index}].role",
            )
        result.append({"role": ROLE_ALIASES[role], "content": read_content(message.get("content"), index)})
    return result


def read_stream_options(body: dict[str, Any], stream: bool) -> bool:
    """Return whether the stream should end with a usage chunk (``stream_options.include_usage``)."""
    options = body.get("stream_options")
    if options is None:
        return False
    if not isinstance(options, dict):
        raise invalid("stream_options must be an object", "stream_options")
    if not stream:
        raise invalid("stream_options is only allowed when stream is true", "stream_options")
    include_usage = options.get("include_usage", False)
    if not isinstance(include_usage, bool):
        raise invalid("stream_options.include_usage must be a boolean", "stream_options.include_usage")
    return include_usage


def parse_chat_request(body: Any, limits: Limits) -> ChatRequest:
    """Validate a decoded JSON body and return the ChatRequest, raising ApiError on the first problem."""
    if not isinstance(body, dict):
        raise invalid("the request body must be a JSON object", "body")

    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise invalid("model is required", "model")
    if model != limits.served_model:
        raise ApiError(
            404,
            f"the model {model!r} does not exist on this runtime, which serves {limits.served_model!r}",
            param="model",
            code="model_not_found",
        )

    n = body.get("n")
    if n is not None and n != 1:
        raise invalid(f"n must be 1 on this runtime; got {n!r}", "n")

    if body.get("tools"):
        raise invalid("tools are not supported by the local runtime; send the request without tools", "tools")
    # NOTE: response_format (JSON mode) is accepted but not enforced by constrained decoding; the caller
    # validates the output against its schema.

    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise invalid("stream must be a boolean", "stream")

    return ChatRequest(
        messages=read_messages(body),
        max_tokens=read_max_tokens(body, limits),
        temperature=read_number(body, "temperature", 1.0, 0.0, 2.0),
        top_p=read_number(body, "top_p", 1.0, 0.0, 1.0),
        stop=read_stop(body),
        seed=read_seed(body),
        stream=stream,
        include_usage=read_stream_options(body, stream),
    )
