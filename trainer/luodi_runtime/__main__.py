"""Command line: ``python -m luodi_runtime --model PATH [--adapter PATH] [--port 0] [--threads N]``."""

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .loading import LoadError, load_model
from .validation import Limits

PARENT_POLL_SECONDS = 5


def emit(event: dict[str, Any]) -> None:
    """Write one JSON line on stdout and flush, so the process that started the runtime reads it at once."""
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1; got {value}")
    return value


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m luodi_runtime",
        description="Serve one local Hugging Face model (and optional PEFT adapter) on 127.0.0.1 with an OpenAI-compatible API.",
    )
    parser.add_argument("--model", type=Path, required=True, help="model folder in Hugging Face format")
    parser.add_argument("--adapter", type=Path, default=None, help="PEFT adapter folder to apply to the model")
    parser.add_argument("--served-name", default=None, help="model id clients send as `model` (default: the model folder's name)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one (default)")
    parser.add_argument("--threads", type=positive_int, default=1, help="PyTorch CPU threads for generation (default 1)")
    parser.add_argument("--device", default="auto", help="cpu, cuda, cuda:N or auto (default: cuda when available)")
    parser.add_argument("--default-max-tokens", type=positive_int, default=512, help="completion tokens when a request sets no max_tokens")
    parser.add_argument("--max-tokens-limit", type=positive_int, default=4096, help="largest max_tokens a request may ask for")
    parser.add_argument("--parent-pid", type=int, default=None, help="exit when this process ends, so a crashed parent leaves no runtime behind")
    return parser.parse_args(argv)


def watch_parent(parent_pid: int) -> None:
    """Send SIGTERM to this process once ``parent_pid`` is gone."""

    def poll() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                logging.getLogger("luodi_runtime").warning("parent process %d ended; stopping", parent_pid)
                os.kill(os.getpid(), signal.SIGTERM)
                return
            except PermissionError:
                # The process exists but belongs to another user.
                continue

    threading.Thread(target=poll, name="parent-watch", daemon=True).start()


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so serve_forever returns and the socket is closed."""

    def handle(signum: int, frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handle)


def main(argv: list[str] | None = None) -> int:
    """Load the model, start listening and serve until SIGTERM or SIGINT."""
    arguments = parse_arguments(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop_on_sigterm()

    # Threads are set before torch does any work; each runtime gets a share of the machine, not all of it.
    import torch

    torch.set_num_threads(arguments.threads)
    torch.set_num_interop_threads(1)

    # Progress bars would fill the stderr lines that Luodi quotes when a start fails.
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    model_path = arguments.model.expanduser().resolve()
    adapter_path = arguments.adapter.expanduser().resolve() if arguments.adapter else None
    try:
        loaded = load_model(model_path=model_path, adapter_path=adapter_path, device=arguments.device)
    except LoadError as error:
        emit({"event": "error", "message": str(error)})
        return 2

    from .server import RuntimeServer

    limits = Limits(
        served_model=arguments.served_name or model_path.name,
        default_max_tokens=arguments.default_max_tokens,
        max_tokens_limit=arguments.max_tokens_limit,
    )
    try:
        server = RuntimeServer(
            arguments.port,
            loaded,
            limits,
            model_path=str(arguments.model),
            adapter_path=str(arguments.adapter) if arguments.adapter else None,
        )
    except OSError as error:
        emit({"event": "error", "message": f"could not listen on 127.0.0.1:{arguments.port}: {error.strerror}"})
        return 3

    if arguments.parent_pid is not None:
        watch_parent(arguments.parent_pid)
    emit({"event": "ready", "port": server.port, "model": limits.served_model, "device": loaded.device})
    try:
        server.serve_forever()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
