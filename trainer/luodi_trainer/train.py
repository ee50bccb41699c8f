"""The ``train`` command: run one job from spec to adapter, evaluation and ``done``."""

import gc
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .artifacts import describe_artifact
from .cancellation import Cancellation
from .chat_encoding import encode_chats, prepare_chat_tokenizer
from .checkpoints import TRAINER_STATE_FILE, checkpoints_dir, clear_staging, newest_checkpoint
from .dataset_files import DatasetSplits, read_dataset
from .environment import Hardware, detect_hardware
from .errors import TrainerError
from .evaluation import Scoring, chat_scores, tuned_classification, zero_shot_classification
from .events import DoneEvent, EvaluationEvent, LogEvent, StageEvent
from .methods import apply_method, count_parameters, load_base_model, torch_dtype
from .outputs import save_merged, save_trained
from .progress import ProgressCallback, RunFacts
from .resolve import ResolvedJob, resolve_job
from .spec import JobSpec
from .trainer_setup import build_trainer, classification_examples, data_collator

EmitEvent = Callable[[object], None]


def prepare_output_dir(job: ResolvedJob) -> None:
    """Create output_dir, drop a killed run's half-saved checkpoint and, for resume=never, old checkpoints."""
    output_dir = job.spec.output_dir
    output_dir.mkdir(parents=True, exist_ok=True)
    clear_staging(output_dir)
    if job.spec.resume == "never":
        shutil.rmtree(checkpoints_dir(output_dir), ignore_errors=True)


def load_tokenizer(job: ResolvedJob, emit_event: EmitEvent):
    """Load the base model's tokenizer; chat jobs get a fallback chat template when it has none."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(job.spec.base_model, local_files_only=True)
    except (OSError, ValueError) as error:
        raise TrainerError(
            "missing_model_files", f"could not load the tokenizer in {job.spec.base_model}: {error}"
        ) from error

    if job.spec.task != "chat_sft":
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        return tokenizer
    if prepare_chat_tokenizer(tokenizer):
        emit_event(
            LogEvent(
                level="warning",
                lines=[
                    "The tokenizer has no chat template, so a simple fallback template is used "
                    "(<|role|> line, message, end-of-sequence token). The adapter folder saves it with the tokenizer."
                ],
            )
        )
    return tokenizer


def encode_splits(job: ResolvedJob, tokenizer, splits: DatasetSplits, emit_event: EmitEvent) -> tuple[list, list]:
    """Tokenize the train and validation splits; chat rows left without assistant tokens are dropped."""
    spec = job.spec
    max_length = spec.hyperparameters.max_length
    if spec.task == "seq_classification":
        return (
            classification_examples(tokenizer, splits.train, max_length=max_length),
            classification_examples(tokenizer, splits.validation, max_length=max_length),
        )

    encoded = []
    for path, rows in ((spec.data.train, splits.train), (spec.data.validation, splits.validation)):
        chats = encode_chats(tokenizer, rows, max_length=max_length, path=str(path))
        if chats.dropped_lines:
            emit_event(
                LogEvent(
                    level="warning",
                    lines=[
                        f"{path.name}: skipped {len(chats.dropped_lines)} rows whose assistant turns all fall beyond "
                        f"max_length={max_length} tokens (lines {', '.join(map(str, chats.dropped_lines[:20]))})"
                    ],
                )
            )
        if not chats.examples:
            raise TrainerError(
                "invalid_spec",
                f"hyperparameters.max_length: no row of {path.name} keeps an assistant token within "
                f"{max_length} tokens; raise max_length",
                field="hyperparameters.max_length",
            )
        encoded.append(chats.examples)
    return encoded[0], encoded[1]


def load_base(job: ResolvedJob, tokenizer):
    """Load the untouched base model on the job's device."""
    model = load_base_model(
        job.spec, hardware=job.hardware, precision=job.precision, pad_token_id=tokenizer.pad_token_id
    )
    if job.spec.method != "qlora":
        # QLoRA's loader already placed the quantized weights on the GPU.
        model.to(job.hardware.device)
    return model


def score_model(job: ResolvedJob, model, rows: list, scoring: Scoring, *, base: bool) -> dict:
    """Return the test metrics of ``model``; ``base`` selects the zero-shot method for classification."""
    labels = job.spec.labels or []
    if job.spec.task == "chat_sft":
        return chat_scores(model, rows, scoring)
    if base:
        return zero_shot_classification(model, rows, labels, scoring)
    return tuned_classification(model, rows, len(labels), scoring)


def free_memory() -> None:
    """Collect dropped models and return cached CUDA blocks, before the next model loads."""
    gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:
        pass


def train_model(
    job: ResolvedJob, model, tokenizer, examples: tuple[list, list], *, collator, emit_event, cancellation
) -> int:
    """Run the Trainer, resuming from the newest checkpoint when resume is auto; return the final step."""
    spec = job.spec
    trainable, total = count_parameters(model)
    resume_from = newest_checkpoint(spec.output_dir) if spec.resume == "auto" else None
    facts = RunFacts(
        job_id=spec.job_id,
        device=job.hardware.device,
        precision=job.precision,
        task=spec.task,
        method=spec.method,
        trainable_parameters=trainable,
        total_parameters=total,
        resumed_from=resume_from,
    )
    callback = ProgressCallback(
        facts=facts,
        output_dir=spec.output_dir,
        keep_checkpoints=spec.hyperparameters.save_total_limit,
        cancellation=cancellation,
        emit_event=emit_event,
    )
    trainer = build_trainer(
        job,
        model=model,
        tokenizer=tokenizer,
        train_examples=examples[0],
        validation_examples=examples[1],
        collator=collator,
        callback=callback,
    )

    emit_event(StageEvent(stage="train"))
    trainer.train(resume_from_checkpoint=str(resume_from) if resume_from is not None else None)
    final_step = trainer.state.global_step
    if cancellation.requested:
        raise TrainerError(
            "cancelled", f"the job was cancelled at step {final_step}; training can resume from its last checkpoint"
        )
    return final_step


def save_artifacts(job: ResolvedJob, model, tokenizer, emit_event: EmitEvent) -> Path:
    """Save the adapter (or full model) and report it with the newest checkpoint; return its folder."""
    emit_event(StageEvent(stage="save"))
    kind, trained_dir = save_trained(job.spec, model, tokenizer)
    emit_event(describe_artifact(kind, trained_dir))

    checkpoint = newest_checkpoint(job.spec.output_dir)
    if checkpoint is not None:
        emit_event(describe_artifact("checkpoint", checkpoint))
        emit_event(describe_artifact("trainer_state", checkpoint / TRAINER_STATE_FILE))
    return trained_dir


def run_training(
    spec: JobSpec, *, emit_event: EmitEvent, cancellation: Cancellation, hardware: Hardware | None = None
) -> DoneEvent:
    """Train ``spec`` to the end, emitting progress, artifacts and the evaluation; return the done event.

    Raises TrainerError for failures it can explain (a cancellation included) and lets others propagate.
    """
    from transformers import set_seed

    started = time.monotonic()
    job = resolve_job(spec, hardware or detect_hardware())
    prepare_output_dir(job)

    emit_event(StageEvent(stage="data"))
    splits = read_dataset(spec)
    set_seed(spec.hyperparameters.seed)
    tokenizer = load_tokenizer(job, emit_event)
    examples = encode_splits(job, tokenizer, splits, emit_event)
    cancellation.raise_if_requested()

    model = apply_method(load_base(job, tokenizer), spec, target_modules=job.target_modules)
    collator = data_collator(job, tokenizer)
    final_step = train_model(
        job, model, tokenizer, examples, collator=collator, emit_event=emit_event, cancellation=cancellation
    )
    trained_dir = save_artifacts(job, model, tokenizer, emit_event)

    # The tuned model is scored and freed before the base loads, so two models never share memory.
    test_rows = splits.test[: spec.evaluation.max_rows]
    scoring = Scoring(
        tokenizer=tokenizer,
        settings=spec.evaluation,
        max_length=spec.hyperparameters.max_length,
        check_cancelled=cancellation.raise_if_requested,
        collator=collator,
        path=str(spec.data.test),
    )
    tuned_scores = None
    if test_rows:
        emit_event(StageEvent(stage="evaluate"))
        tuned_scores = score_model(job, model, test_rows, scoring, base=False)
    del model
    free_memory()
    if tuned_scores is not None:
        base_model = load_base(job, tokenizer)
        base_scores = score_model(job, base_model, test_rows, scoring, base=True)
        del base_model
        free_memory()
        emit_event(EvaluationEvent(task=spec.task, rows=len(test_rows), base=base_scores, tuned=tuned_scores))
    else:
        notice = "The dataset version has no test split, so the before/after evaluation is skipped."
        emit_event(LogEvent(level="info", lines=[notice]))

    if spec.merge_weights:
        merged_dir = save_merged(spec, adapter_dir=trained_dir, tokenizer=tokenizer, dtype=torch_dtype(job.precision))
        emit_event(describe_artifact("merged", merged_dir))

    return DoneEvent(
        job_id=spec.job_id,
        step=final_step,
        output_dir=str(spec.output_dir),
        runtime_seconds=round(time.monotonic() - started, 2),
    )
