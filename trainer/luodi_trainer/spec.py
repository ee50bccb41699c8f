"""The job spec: one JSON file that describes what to train, on which data, how, and where to write it.

Every field is checked here, independent of the machine. Checks that need the model folder or the
hardware (target modules for the architecture, QLoRA needs CUDA) live in ``resolve.py``.
"""

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import TrainerError

Task = Literal["chat_sft", "seq_classification"]
Method = Literal["lora", "qlora", "full", "prompt_tuning"]
Precision = Literal["auto", "fp32", "bf16", "fp16"]
Scheduler = Literal["linear", "cosine", "constant", "constant_with_warmup"]

ADAPTER_METHODS = ("lora", "qlora")
# A module name is a Python identifier, such as "q_proj" or "query".
MODULE_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


class StrictModel(BaseModel):
    """A spec section: unknown fields are rejected, so a misspelt field never silently takes its default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DataFiles(StrictModel):
    """The dataset version's splits as JSONL files. The test split is optional and feeds the evaluation."""

    train: Path
    validation: Path
    test: Path | None = None


class Hyperparameters(StrictModel):
    """Training settings. LoRA fields apply to lora and qlora, ``num_virtual_tokens`` to prompt_tuning."""

    lora_rank: int = Field(default=8, ge=1, le=1024)
    lora_alpha: float = Field(default=16.0, gt=0, le=4096)
    lora_dropout: float = Field(default=0.05, ge=0, lt=1)
    # None picks the architecture's default; an architecture without one needs an explicit list.
    target_modules: list[str] | None = Field(default=None, min_length=1, max_length=64)
    learning_rate: float = Field(default=2e-4, gt=0, le=1)
    scheduler: Scheduler = "linear"
    # Fraction of the total steps spent warming the learning rate up from 0.
    warmup_ratio: float = Field(default=0.0, ge=0, lt=1)
    weight_decay: float = Field(default=0.0, ge=0, le=1)
    epochs: float = Field(default=3.0, gt=0, le=1000)
    # When set, training stops after this many optimizer steps and ``epochs`` is ignored.
    max_steps: int | None = Field(default=None, ge=1, le=10_000_000)
    batch_size: int = Field(default=8, ge=1, le=4096)
    gradient_accumulation_steps: int = Field(default=1, ge=1, le=4096)
    # Tokens per example; longer examples are truncated.
    max_length: int = Field(default=512, ge=8, le=1_048_576)
    seed: int = Field(default=42, ge=0, le=2**32 - 1)
    # auto: bf16 on a CUDA GPU that supports it, else fp16 on CUDA, fp32 on the CPU.
    precision: Precision = "auto"
    eval_steps: int = Field(default=50, ge=1, le=10_000_000)
    save_steps: int = Field(default=50, ge=1, le=10_000_000)
    logging_steps: int = Field(default=1, ge=1, le=10_000_000)
    # Checkpoints kept in output_dir; older ones are deleted after each save.
    save_total_limit: int = Field(default=3, ge=1, le=1000)
    num_virtual_tokens: int = Field(default=20, ge=1, le=1024)

    @field_validator("target_modules")
    @classmethod
    def check_module_names(cls, names: list[str] | None) -> list[str] | None:
        """Reject names that cannot be module names, and duplicates."""
        if names is None:
            return None
        for name in names:
            if re.fullmatch(MODULE_NAME_PATTERN, name) is None:
                raise ValueError(f"{name!r} is not a module name; use names such as 'q_proj' or 'query'")
        if len(set(names)) != len(names):
            raise ValueError("contains duplicates; list each module name once")
        return names


class EvaluationSettings(StrictModel):
    """Limits for the before/after evaluation on the test split, which runs generation on chat rows."""

    max_rows: int = Field(default=200, ge=1, le=1_000_000)
    max_new_tokens: int = Field(default=64, ge=1, le=4096)
    batch_size: int = Field(default=16, ge=1, le=4096)


class JobSpec(StrictModel):
    """One fine-tuning job."""

    job_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
    base_model: Path
    task: Task
    method: Method
    data: DataFiles
    # The label names of a seq_classification task; rows carry one of them in their "label" field.
    labels: list[str] | None = Field(default=None, min_length=2, max_length=100_000)
    hyperparameters: Hyperparameters = Hyperparameters()
    output_dir: Path
    # auto: continue from the newest complete checkpoint in output_dir; never: start over.
    resume: Literal["auto", "never"] = "auto"
    # Also write the base weights with the LoRA adapter merged in (lora and qlora only).
    merge_weights: bool = False
    evaluation: EvaluationSettings = EvaluationSettings()

    @field_validator("labels")
    @classmethod
    def check_labels(cls, labels: list[str] | None) -> list[str] | None:
        """Reject empty and duplicate label names."""
        if labels is None:
            return None
        if any(not label.strip() for label in labels):
            raise ValueError("contains an empty label name")
        if len(set(labels)) != len(labels):
            raise ValueError("contains duplicates; list each label once")
        return labels

    @model_validator(mode="after")
    def check_task_and_method(self) -> "JobSpec":
        """Reject field combinations that cannot run together."""
        if self.task == "seq_classification" and self.labels is None:
            raise ValueError("labels: seq_classification needs the list of label names")
        if self.task == "chat_sft" and self.labels is not None:
            raise ValueError("labels: only seq_classification takes labels; remove them for chat_sft")
        if self.merge_weights and self.method not in ADAPTER_METHODS:
            raise ValueError(
                f"merge_weights: only lora and qlora adapters can be merged, not method {self.method}; "
                "set merge_weights to false"
            )
        return self


def describe_validation_error(error: ValidationError) -> tuple[str, str]:
    """Return the first failing field as a dotted path and a message naming every failing field."""
    problems = []
    first_field = ""
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if not field and ":" in message:
            # Cross-field checks name their field at the start of the message.
            field = message.split(":", 1)[0]
            message = message.split(":", 1)[1].strip()
        if detail["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against the spec fields"
        first_field = first_field or field
        problems.append(f"{field}: {message}")
    return first_field, "invalid job spec: " + "; ".join(problems)


def parse_spec(document: object) -> JobSpec:
    """Validate a decoded spec document and return the spec, or raise an ``invalid_spec`` TrainerError."""
    try:
        return JobSpec.model_validate(document)
    except ValidationError as error:
        field, message = describe_validation_error(error)
        raise TrainerError("invalid_spec", message, field=field) from error


def load_spec(path: Path) -> JobSpec:
    """Read and validate the spec file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TrainerError("invalid_spec", f"cannot read the spec file {path}: {error.strerror}") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TrainerError(
            "invalid_spec", f"the spec file {path} is not valid JSON: {error.msg} at line {error.lineno}"
        ) from error
    return parse_spec(document)
