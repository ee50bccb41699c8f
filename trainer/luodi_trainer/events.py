"""Events the trainer writes to stdout, one JSON object per line.

Every event has an ``event`` field naming its type. A ``train`` run writes ``start``, then ``step``,
``eval``, ``checkpoint`` and ``log`` events in any order, then ``artifact`` and ``evaluation`` events, and
ends with exactly one ``done`` or ``error`` event. Non-finite floats (a diverged loss) are written as null.
"""

import os
import sys
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict

from .errors import ErrorCode


class Event(BaseModel):
    """Base of all events: unknown fields are a programming error, so they are rejected."""

    model_config = ConfigDict(extra="forbid")


class ReadyEvent(Event):
    """The environment report of ``check``: interpreter, package versions and GPU support."""

    event: Literal["ready"] = "ready"
    python: str
    # Distribution name to installed version; None when the package is not installed.
    packages: dict[str, str | None]
    cuda: bool


class ModelInfoEvent(Event):
    """The description ``inspect`` reads from a model folder, mostly without loading the weights."""

    event: Literal["model_info"] = "model_info"
    path: str
    architecture: str | None
    model_type: str | None
    parameter_count: int
    # "safetensors" when counted from the weight file headers, "config" when counted on an empty model.
    parameter_count_source: Literal["safetensors", "config"]
    context_length: int | None
    chat_template: bool
    # The weights' storage dtype, such as "float32" or "bfloat16".
    dtype: str | None
    # None when the architecture has no default; the user must then pick target modules.
    default_target_modules: list[str] | None
    # Names of the linear layers found in the weights, offered when the user must pick target modules.
    candidate_target_modules: list[str]


class MemoryEstimate(Event):
    """A rough peak-memory estimate for training, in MiB, split by what uses the memory."""

    weights_mb: float
    gradients_mb: float
    optimizer_mb: float
    activations_mb: float
    total_mb: float


class PlanEvent(Event):
    """The result of ``plan``: the spec is valid, and training it costs this much."""

    event: Literal["plan"] = "plan"
    job_id: str
    task: str
    method: str
    device: Literal["cuda", "cpu"]
    precision: Literal["fp32", "bf16", "fp16"]
    gpu_required: bool
    trainable_parameters: int
    total_parameters: int
    trainable_ratio: float
    target_modules: list[str] | None
    memory: MemoryEstimate
    # Rows per split; a missing test split is 0.
    rows: dict[str, int]


class StageEvent(Event):
    """The pipeline stage the job has entered: data, train, evaluate or save."""

    event: Literal["stage"] = "stage"
    stage: Literal["data", "train", "evaluate", "save"]


class StartEvent(Event):
    """Training is about to run its first step."""

    event: Literal["start"] = "start"
    job_id: str
    device: Literal["cuda", "cpu"]
    precision: Literal["fp32", "bf16", "fp16"]
    task: str
    method: str
    trainable_parameters: int
    total_parameters: int
    trainable_ratio: float
    total_steps: int
    # Set when the run continues from a checkpoint that an earlier, interrupted run wrote.
    resumed_from_step: int | None
    resumed_from_checkpoint: str | None


class StepEvent(Event):
    """Progress after one logged optimizer step. ``loss`` is the mean over the steps since the last event."""

    event: Literal["step"] = "step"
    step: int
    total_steps: int
    epoch: float
    loss: float | None
    learning_rate: float
    # Tokens in the batches (padding excluded) since the previous step event, per second of wall time.
    tokens_per_second: float
    # Peak allocated CUDA memory on a GPU; peak resident memory of the process on the CPU.
    memory_mb: float
    eta_seconds: float


class EvalEvent(Event):
    """Validation results at an evaluation step."""

    event: Literal["eval"] = "eval"
    step: int
    eval_loss: float | None
    metrics: dict[str, float | None]


class CheckpointEvent(Event):
    """A complete checkpoint exists at ``path``; a later run with the same output_dir resumes from it."""

    event: Literal["checkpoint"] = "checkpoint"
    path: str
    step: int


class LogEvent(Event):
    """Lines for the job's log tail: notices from the trainer and warnings from the libraries."""

    event: Literal["log"] = "log"
    level: Literal["info", "warning", "error"]
    lines: list[str]


class ArtifactFile(Event):
    """One file of an artifact, with its path relative to the artifact's folder."""

    path: str
    size_bytes: int
    sha256: str


class ArtifactEvent(Event):
    """A file or folder the job produced.

    For a folder, ``size_bytes`` is the sum over its files and ``sha256`` is the hash of its manifest: one
    line ``<sha256>  <relative path>\\n`` per file, sorted by path.
    """

    event: Literal["artifact"] = "artifact"
    kind: Literal["adapter", "merged", "checkpoint", "trainer_state"]
    path: str
    size_bytes: int
    sha256: str
    files: list[ArtifactFile]


class EvaluationEvent(Event):
    """Before/after metrics on the test split.

    Classification: ``accuracy`` and ``macro_f1``; the base is zero-shot (each text gets the label whose
    name's mean-pooled embedding is nearest). Chat SFT: ``exact_match``, ``rouge_l`` (character level)
    and ``perplexity`` on the assistant tokens; the base is the untrained model.
    """

    event: Literal["evaluation"] = "evaluation"
    task: str
    split: Literal["test"] = "test"
    rows: int
    base: dict[str, float | None]
    tuned: dict[str, float | None]


class DoneEvent(Event):
    """The job finished and every artifact is written."""

    event: Literal["done"] = "done"
    job_id: str
    step: int
    output_dir: str
    runtime_seconds: float


class ErrorEvent(Event):
    """The job or command failed; ``message`` is plain words fit to show the user."""

    event: Literal["error"] = "error"
    code: ErrorCode
    message: str
    # The spec field at fault, as a dotted path such as "hyperparameters.lora_rank".
    field: str | None = None
    # The dataset file and 1-based line at fault, for bad_row.
    file: str | None = None
    line: int | None = None
    last_good_checkpoint: str | None = None


_protocol_stream: TextIO | None = None


def reserve_stdout_for_events() -> None:
    """Keep the real stdout for events only and send everything else written to it to stderr.

    Libraries print to stdout (C extensions through file descriptor 1), which would corrupt the line
    protocol. The events keep a duplicate of the original descriptor; descriptor 1 becomes stderr.
    """
    global _protocol_stream

    sys.stdout.flush()
    _protocol_stream = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)


def emit(event: BaseModel, *, stream: TextIO | None = None) -> None:
    """Write ``event`` as one JSON line and flush, so the worker reads it immediately."""
    target = stream or _protocol_stream or sys.stdout
    target.write(event.model_dump_json() + "\n")
    target.flush()
