"""The local runtime as a real subprocess on loopback: routes, streaming, adapters and load failures."""

import http.client
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from luodi_runtime.tiny import build_tiny_model

TRAINER_DIR = Path(__file__).resolve().parents[1]
READY_TIMEOUT_SECONDS = 120


@dataclass
class RunningRuntime:
    process: subprocess.Popen[str]
    port: int
    served_name: str

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """Send one request and return the status and the decoded JSON body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        payload = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, json.loads(data)

    def chat(self, **fields: Any) -> tuple[int, Any]:
        return self.request("POST", "/v1/chat/completions", {"model": self.served_name, **fields})

    def stream_chat(self, **fields: Any) -> list[Any]:
        """Send a streaming chat request and return the decoded data events, ``[DONE]`` as a string."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        body = json.dumps({"model": self.served_name, "stream": True, **fields}).encode()
        connection.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 200, response.read()
        assert response.getheader("Content-Type", "").startswith("text/event-stream")

        events: list[Any] = []
        for raw_line in response.read().decode("utf-8").split("\n"):
            if not raw_line.startswith("data: "):
                continue
            data = raw_line[len("data: ") :]
            events.append(data if data == "[DONE]" else json.loads(data))
        connection.close()
        return events

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def runtime_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "luodi_runtime", "--threads", "1", "--device", "cpu", *arguments]


def runtime_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TRAINER_DIR), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def start_runtime(model: Path, *, adapter: Path | None = None, served_name: str = "tiny", extra: list[str] | None = None) -> RunningRuntime:
    """Start ``python -m luodi_runtime`` and wait for its ready line."""
    arguments = ["--model", str(model), "--served-name", served_name, "--port", "0", *(extra or [])]
    if adapter is not None:
        arguments += ["--adapter", str(adapter)]
    process = subprocess.Popen(
        runtime_command(*arguments),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=runtime_env(),
    )
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=READY_TIMEOUT_SECONDS)
    except queue.Empty:
        process.kill()
        raise AssertionError(f"the runtime printed no ready line within {READY_TIMEOUT_SECONDS} s") from None
    event = json.loads(line)
    assert event["event"] == "ready", event
    return RunningRuntime(process=process, port=event["port"], served_name=served_name)


def run_runtime_to_exit(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the runtime with arguments that must make it fail, and return its exit status and output."""
    return subprocess.run(
        runtime_command("--port", "0", *arguments),
        capture_output=True,
        text=True,
        env=runtime_env(),
        timeout=READY_TIMEOUT_SECONDS,
        check=False,
    )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = build_tiny_model(tmp_path_factory.mktemp("tiny"))
    return {"model": Path(paths["modelPath"]), "adapter": Path(paths["adapterPath"])}


@pytest.fixture(scope="module")
def base_runtime(tiny_model: dict[str, Path]):
    runtime = start_runtime(tiny_model["model"])
    yield runtime
    runtime.stop()


@pytest.fixture(scope="module")
def adapter_runtime(tiny_model: dict[str, Path]):
    runtime = start_runtime(tiny_model["model"], adapter=tiny_model["adapter"], served_name="tiny-lora")
    yield runtime
    runtime.stop()


HELLO = [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "Hello, how are you?"}]


def test_health_reports_served_model(base_runtime: RunningRuntime):
    status, body = base_runtime.request("GET", "/health")

    assert status == 200
    assert body["status"] == "ok"
    assert body["model"] == "tiny"
    assert body["adapterPath"] is None
    assert body["busy"] is False


def test_health_reports_adapter_folder(adapter_runtime: RunningRuntime, tiny_model: dict[str, Path]):
    _, body = adapter_runtime.request("GET", "/health")

    assert body["modelPath"] == str(tiny_model["model"])
    assert body["adapterPath"] == str(tiny_model["adapter"])


def test_models_lists_served_name(base_runtime: RunningRuntime):
    status, body = base_runtime.request("GET", "/v1/models")

    assert status == 200
    assert body["object"] == "list"
    assert [model["id"] for model in body["data"]] == ["tiny"]


def test_chat_returns_text_and_usage(base_runtime: RunningRuntime):
    status, body = base_runtime.chat(messages=HELLO, max_tokens=8, temperature=0)

    assert status == 200, body
    assert body["object"] == "chat.completion"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert isinstance(choice["message"]["content"], str)
    assert choice["finish_reason"] in ("stop", "length")
    usage = body["usage"]
    assert usage["prompt_tokens"] > 0
    assert 1 <= usage["completion_tokens"] <= 8
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_stream_matches_non_stream(base_runtime: RunningRuntime):
    _, whole = base_runtime.chat(messages=HELLO, max_tokens=10, temperature=0)
    events = base_runtime.stream_chat(messages=HELLO, max_tokens=10, temperature=0, stream_options={"include_usage": True})

    assert events[-1] == "[DONE]"
    chunks = events[:-1]
    assert all(chunk["object"] == "chat.completion.chunk" for chunk in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in chunks if chunk["choices"])
    assert text == whole["choices"][0]["message"]["content"]
    finish = [chunk["choices"][0]["finish_reason"] for chunk in chunks if chunk["choices"]]
    assert finish[-1] == whole["choices"][0]["finish_reason"]
    usage_chunk = chunks[-1]
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"] == whole["usage"]


def test_stream_without_usage_option_has_no_usage(base_runtime: RunningRuntime):
    events = base_runtime.stream_chat(messages=HELLO, max_tokens=4, temperature=0)

    assert events[-1] == "[DONE]"
    assert all("usage" not in chunk for chunk in events[:-1])


def test_adapter_changes_greedy_output(base_runtime: RunningRuntime, adapter_runtime: RunningRuntime):
    _, base = base_runtime.chat(messages=HELLO, max_tokens=16, temperature=0, seed=7)
    _, tuned = adapter_runtime.chat(messages=HELLO, max_tokens=16, temperature=0, seed=7)
    _, tuned_again = adapter_runtime.chat(messages=HELLO, max_tokens=16, temperature=0, seed=7)

    assert tuned["model"] == "tiny-lora"
    assert tuned["choices"][0]["message"]["content"] == tuned_again["choices"][0]["message"]["content"]
    assert tuned["choices"][0]["message"]["content"] != base["choices"][0]["message"]["content"]


def test_seed_repeats_sampled_output(base_runtime: RunningRuntime):
    outputs = [
        base_runtime.chat(messages=HELLO, max_tokens=12, temperature=1.2, top_p=0.95, seed=seed)[1]["choices"][0]["message"]["content"]
        for seed in (11, 11, 12)
    ]

    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]


def test_stop_sequence_cuts_output(base_runtime: RunningRuntime):
    _, full = base_runtime.chat(messages=HELLO, max_tokens=24, temperature=0)
    text = full["choices"][0]["message"]["content"]
    start = next(i for i in range(1, len(text) - 1) if "\ufffd" not in text[i : i + 2] and text[i : i + 2].strip())
    stop = text[start : start + 2]

    _, cut = base_runtime.chat(messages=HELLO, max_tokens=24, temperature=0, stop=[stop, "never-generated-stop"])
    events = base_runtime.stream_chat(messages=HELLO, max_tokens=24, temperature=0, stop=stop)

    expected = text[: text.find(stop)]
    assert cut["choices"][0]["message"]["content"] == expected
    assert cut["choices"][0]["finish_reason"] == "stop"
    streamed = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in events[:-1] if chunk["choices"])
    assert streamed == expected


@pytest.mark.parametrize(
    ("fields", "status", "param", "code"),
    [
        ({"messages": []}, 400, "messages", "invalid_value"),
        ({"messages": "hello"}, 400, "messages", "invalid_value"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, 400, "messages[0].role", "invalid_value"),
        ({"messages": HELLO, "temperature": 3}, 400, "temperature", "invalid_value"),
        ({"messages": HELLO, "temperature": "hot"}, 400, "temperature", "invalid_value"),
        ({"messages": HELLO, "top_p": 1.5}, 400, "top_p", "invalid_value"),
        ({"messages": HELLO, "max_tokens": 0}, 400, "max_tokens", "invalid_value"),
        ({"messages": HELLO, "max_tokens": 100_000}, 400, "max_tokens", "invalid_value"),
        ({"messages": HELLO, "stop": ["a", "b", "c", "d", "e"]}, 400, "stop", "invalid_value"),
        ({"messages": HELLO, "stop": [""]}, 400, "stop", "invalid_value"),
        ({"messages": HELLO, "seed": -1}, 400, "seed", "invalid_value"),
        ({"messages": HELLO, "n": 2}, 400, "n", "invalid_value"),
        ({"messages": HELLO, "stream_options": {"include_usage": True}}, 400, "stream_options", "invalid_value"),
        ({"messages": HELLO, "tools": [{"type": "function"}]}, 400, "tools", "invalid_value"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}]},
            400,
            "messages[0].content",
            "unsupported_content",
        ),
        ({"model": "other-model", "messages": HELLO}, 404, "model", "model_not_found"),
    ],
)
def test_bad_request_gets_openai_error(base_runtime: RunningRuntime, fields: dict[str, Any], status: int, param: str, code: str):
    returned_status, body = base_runtime.chat(**fields)

    assert returned_status == status
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["param"] == param
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_invalid_json_body_is_rejected(base_runtime: RunningRuntime):
    status, body = base_runtime.request("POST", "/v1/chat/completions", b"{not json")

    assert status == 400
    assert body["error"]["code"] == "invalid_json"


def test_non_json_content_type_is_rejected(base_runtime: RunningRuntime):
    status, body = base_runtime.request("POST", "/v1/chat/completions", b"{}", headers={"Content-Type": "text/plain"})

    assert status == 415
    assert body["error"]["code"] == "unsupported_media_type"


def test_foreign_host_header_is_rejected(base_runtime: RunningRuntime):
    status, body = base_runtime.request("GET", "/health", headers={"Host": "attacker.example:80"})

    assert status == 403
    assert body["error"]["code"] == "forbidden_host"


def test_unknown_route_is_404(base_runtime: RunningRuntime):
    status, body = base_runtime.request("GET", "/v1/embeddings")

    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_prompt_over_context_is_rejected(base_runtime: RunningRuntime):
    long_text = "apples and oranges " * 400

    status, body = base_runtime.chat(messages=[{"role": "user", "content": long_text}], max_tokens=4)

    assert status == 400
    assert body["error"]["code"] == "context_length_exceeded"
    assert "512" in body["error"]["message"]


def test_missing_model_folder_fails_clearly(tmp_path: Path):
    missing = tmp_path / "no-such-model"

    result = run_runtime_to_exit("--model", str(missing))

    assert result.returncode == 2
    event = json.loads(result.stdout.splitlines()[-1])
    assert event["event"] == "error"
    assert str(missing) in event["message"]
    assert "does not exist" in event["message"]


def test_model_without_config_names_file(tmp_path: Path, tiny_model: dict[str, Path]):
    broken = tmp_path / "model"
    shutil.copytree(tiny_model["model"], broken)
    (broken / "config.json").unlink()

    result = run_runtime_to_exit("--model", str(broken))

    assert result.returncode == 2
    event = json.loads(result.stdout.splitlines()[-1])
    assert "config.json" in event["message"]


def test_adapter_without_config_names_file(tmp_path: Path, tiny_model: dict[str, Path]):
    broken = tmp_path / "adapter"
    shutil.copytree(tiny_model["adapter"], broken)
    (broken / "adapter_config.json").unlink()

    result = run_runtime_to_exit("--model", str(tiny_model["model"]), "--adapter", str(broken))

    assert result.returncode == 2
    event = json.loads(result.stdout.splitlines()[-1])
    assert "adapter_config.json" in event["message"]
    assert str(broken) in event["message"]


def test_runtime_exits_after_parent(tiny_model: dict[str, Path]):
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"])
    runtime = start_runtime(tiny_model["model"], extra=["--parent-pid", str(parent.pid)])

    parent.wait()
    try:
        code = runtime.process.wait(timeout=30)
    finally:
        runtime.stop()

    assert code == 0
