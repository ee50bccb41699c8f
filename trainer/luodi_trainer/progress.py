"""A transformers TrainerCallback that turns training progress into events and honours cancellation."""

import math
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transformers import TrainerCallback

from .cancellation import Cancellation
from .checkpoints import delete_old_checkpoints, publish_checkpoint
from .events import CheckpointEvent, EvalEvent, StartEvent, StepEvent

MIB = 1024 * 1024
# Trainer's evaluation logs carry timing fields that are not metrics.
EVAL_TIMING_KEYS = ("eval_runtime", "eval_samples_per_second", "eval_steps_per_second")


@dataclass(frozen=True, kw_only=True)
class RunFacts:
    """Facts for the start event that the Trainer's own state lacks."""

    job_id: str
    device: str
    precision: str
    task: str
    method: str
    trainable_parameters: int
    total_parameters: int
    resumed_from: Path | None


def finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def peak_memory_mb(device: str) -> float:
    """Return peak allocated CUDA memory on a GPU, else the process's peak resident set size (Linux: KiB)."""
    if device == "cuda":
        import torch

        return torch.cuda.max_memory_allocated() / MIB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ProgressCallback(TrainerCallback):
    """Emit start, step, eval and checkpoint events; publish checkpoints; stop on cancellation."""

    def __init__(
        self,
        *,
        facts: RunFacts,
        output_dir: Path,
        keep_checkpoints: int,
        cancellation: Cancellation,
        emit_event: Callable,
    ) -> None:
        self.facts = facts
        self.output_dir = output_dir
        self.keep_checkpoints = keep_checkpoints
        self.cancellation = cancellation
        self.emit_event = emit_event
        self.started_at = 0.0
        self.first_step = 0
        self.last_time = 0.0
        self.last_tokens = 0
        self.last_checkpoint: Path | None = facts.resumed_from

    def on_train_begin(self, args, state, control, **kwargs):
        self.started_at = time.monotonic()
        self.last_time = self.started_at
        self.first_step = state.global_step
        self.last_tokens = state.num_input_tokens_seen
        resumed = self.facts.resumed_from
        self.emit_event(
            StartEvent(
                job_id=self.facts.job_id,
                device=self.facts.device,
                precision=self.facts.precision,
                task=self.facts.task,
                method=self.facts.method,
                trainable_parameters=self.facts.trainable_parameters,
                total_parameters=self.facts.total_parameters,
                trainable_ratio=self.facts.trainable_parameters / max(1, self.facts.total_parameters),
                total_steps=state.max_steps,
                resumed_from_step=state.global_step if resumed is not None else None,
                resumed_from_checkpoint=str(resumed) if resumed is not None else None,
            )
        )

    def on_step_end(self, args, state, control, **kwargs):
        if self.cancellation.requested:
            # Save at this step boundary, then leave the loop; the caller reports the cancellation.
            control.should_save = True
            control.should_training_stop = True
        elif state.global_step >= state.max_steps:
            # Always end with a checkpoint, so trainer_state and optimizer state are kept with the result.
            control.should_save = True
        return control

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if "loss" in logs:
            self.emit_event(self.step_event(state, logs))
        if "eval_loss" in logs:
            metrics = {
                key.removeprefix("eval_"): finite_or_none(value)
                for key, value in logs.items()
                if key.startswith("eval_") and key != "eval_loss" and key not in EVAL_TIMING_KEYS
            }
            eval_loss = finite_or_none(logs["eval_loss"])
            self.emit_event(EvalEvent(step=state.global_step, eval_loss=eval_loss, metrics=metrics))

    def step_event(self, state, logs: dict) -> StepEvent:
        now = time.monotonic()
        tokens = state.num_input_tokens_seen
        elapsed = max(now - self.last_time, 1e-9)
        tokens_per_second = (tokens - self.last_tokens) / elapsed
        self.last_time = now
        self.last_tokens = tokens

        steps_done = max(1, state.global_step - self.first_step)
        seconds_per_step = (now - self.started_at) / steps_done
        return StepEvent(
            step=state.global_step,
            total_steps=state.max_steps,
            epoch=float(state.epoch or 0.0),
            loss=finite_or_none(logs.get("loss")),
            learning_rate=float(logs.get("learning_rate", 0.0)),
            tokens_per_second=round(tokens_per_second, 2),
            memory_mb=round(peak_memory_mb(self.facts.device), 1),
            eta_seconds=round(seconds_per_step * max(0, state.max_steps - state.global_step), 1),
        )

    def on_save(self, args, state, control, **kwargs):
        path = publish_checkpoint(self.output_dir, state.global_step)
        self.last_checkpoint = path
        self.emit_event(CheckpointEvent(path=str(path), step=state.global_step))
        delete_old_checkpoints(self.output_dir, keep=self.keep_checkpoints)
