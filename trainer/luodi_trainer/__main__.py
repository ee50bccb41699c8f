"""Command line: ``python -m luodi_trainer {check,inspect,plan,train}``, one JSON event per line on stdout.

Exit codes: 0 when the command succeeded, 1 after an ``error`` event, 2 for command-line usage errors.
"""

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from .cancellation import Cancellation
from .check import build_ready_event
from .checkpoints import newest_checkpoint
from .events import emit, reserve_stdout_for_events
from .failures import error_event, traceback_log


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m luodi_trainer",
        description="Luodi's trainer. Writes one JSON event per line on stdout.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="report the Python version, package versions and CUDA availability")
    inspect = commands.add_parser("inspect", help="describe a Hugging Face model folder without loading its weights")
    inspect.add_argument("--model", type=Path, required=True, help="model folder (config.json, tokenizer, weights)")
    plan = commands.add_parser("plan", help="validate a job spec; report trainable parameters and a memory estimate")
    plan.add_argument("--spec", type=Path, required=True, help="job spec JSON file")
    train = commands.add_parser("train", help="run a job spec; resumes from the newest checkpoint in output_dir")
    train.add_argument("--spec", type=Path, required=True, help="job spec JSON file")
    return parser


def run_reporting_errors(action: Callable[[], None], *, emit_event, output_dir: Callable[[], Path | None]) -> int:
    """Run ``action``; on failure emit an error event (and a traceback log for unexpected ones) and return 1."""
    from .errors import TrainerError

    try:
        action()
    except Exception as error:  # noqa: BLE001 - every failure must reach the worker as an error event
        if not isinstance(error, TrainerError):
            emit_event(traceback_log(error))
        folder = output_dir()
        checkpoint = newest_checkpoint(folder) if folder is not None else None
        emit_event(error_event(error, last_good_checkpoint=str(checkpoint) if checkpoint else None))
        return 1
    return 0


def inspect_command(model: Path, emit_event) -> None:
    from .inspect_model import inspect_model

    emit_event(inspect_model(model))


def plan_command(spec_path: Path, emit_event) -> None:
    from .environment import detect_hardware
    from .plan import plan_job
    from .resolve import resolve_job
    from .spec import load_spec

    spec = load_spec(spec_path)
    emit_event(plan_job(resolve_job(spec, detect_hardware())))


def train_command(spec_path: Path, emit_event, *, cancellation: Cancellation, output_dir_holder: list) -> None:
    from .library_logs import forward_library_logs
    from .spec import load_spec
    from .train import run_training

    spec = load_spec(spec_path)
    output_dir_holder.append(spec.output_dir)
    detach = forward_library_logs(emit_event)
    try:
        emit_event(run_training(spec, emit_event=emit_event, cancellation=cancellation))
    finally:
        detach()


def main(argv: list[str] | None = None, *, stream: TextIO | None = None) -> int:
    """Run the command named in ``argv`` and return the exit code.

    Without ``stream`` this is the real process: stdout is reserved for events and SIGTERM cancels a
    training job. Tests pass a ``stream`` to collect the events in memory instead.
    """
    arguments = build_parser().parse_args(argv)
    if arguments.command == "check":
        emit(build_ready_event(), stream=stream)
        return 0

    cancellation = Cancellation()
    if stream is None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        reserve_stdout_for_events()
        cancellation.install_signal_handlers()
    emit_event = partial(emit, stream=stream)

    no_output_dir = lambda: None  # noqa: E731 - inspect and plan write no checkpoints
    if arguments.command == "inspect":
        action = partial(inspect_command, arguments.model, emit_event)
        return run_reporting_errors(action, emit_event=emit_event, output_dir=no_output_dir)
    if arguments.command == "plan":
        action = partial(plan_command, arguments.spec, emit_event)
        return run_reporting_errors(action, emit_event=emit_event, output_dir=no_output_dir)

    output_dirs: list[Path] = []
    return run_reporting_errors(
        lambda: train_command(arguments.spec, emit_event, cancellation=cancellation, output_dir_holder=output_dirs),
        emit_event=emit_event,
        output_dir=lambda: output_dirs[0] if output_dirs else None,
    )


if __name__ == "__main__":
    sys.exit(main())
