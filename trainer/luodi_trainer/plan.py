"""The ``plan`` command: validate a job before it is queued and report what it will cost."""

from .chat_encoding import encode_chat
from .dataset_files import DatasetSplits, read_dataset
from .errors import TrainerError
from .events import PlanEvent
from .memory_estimate import estimate_memory, read_shape
from .methods import apply_method, build_empty_model, count_parameters
from .resolve import ResolvedJob
from .train import load_tokenizer


def weight_format(job: ResolvedJob) -> str:
    """Return how the base weights are stored during training (see methods.load_base_model)."""
    if job.spec.method == "qlora":
        return "nf4"
    if job.spec.method == "full":
        return "fp32"
    return job.precision


def check_chat_rows_fit(job: ResolvedJob, splits: DatasetSplits) -> None:
    """Reject a chat job when no train or no validation row keeps an assistant token within max_length.

    Training would fail on this after the job was queued, so the plan checks it first. The scan of each
    split stops at the first row that fits, so a dataset whose first rows fit costs little.
    """
    spec = job.spec
    if spec.task != "chat_sft":
        return

    tokenizer = load_tokenizer(job, emit_event=lambda _event: None)
    max_length = spec.hyperparameters.max_length
    for path, rows in ((spec.data.train, splits.train), (spec.data.validation, splits.validation)):
        if any(encode_chat(tokenizer, row, max_length=max_length, path=str(path)) is not None for row in rows):
            continue
        raise TrainerError(
            "invalid_spec",
            f"hyperparameters.max_length: no row of {path.name} keeps an assistant token within "
            f"{max_length} tokens; raise max_length",
            field="hyperparameters.max_length",
        )


def plan_job(job: ResolvedJob) -> PlanEvent:
    """Read the dataset, check that chat rows fit max_length, count trainable parameters and estimate memory."""
    spec = job.spec
    splits = read_dataset(spec)
    check_chat_rows_fit(job, splits)

    model = build_empty_model(spec)
    model = apply_method(model, spec, target_modules=job.target_modules)
    trainable, total = count_parameters(model)

    sequence_length = spec.hyperparameters.max_length
    if spec.method == "prompt_tuning":
        sequence_length += spec.hyperparameters.num_virtual_tokens
    memory = estimate_memory(
        shape=read_shape(model.config),
        total_parameters=total,
        trainable_parameters=trainable,
        weight_format=weight_format(job),
        activation_bytes=4 if job.precision == "fp32" else 2,
        batch_size=spec.hyperparameters.batch_size,
        sequence_length=sequence_length,
        causal_lm=spec.task == "chat_sft",
    )
    return PlanEvent(
        job_id=spec.job_id,
        task=spec.task,
        method=spec.method,
        device=job.hardware.device,
        precision=job.precision,
        gpu_required=spec.method == "qlora",
        trainable_parameters=trainable,
        total_parameters=total,
        trainable_ratio=trainable / total if total else 0.0,
        target_modules=job.target_modules,
        memory=memory,
        rows=splits.row_counts(),
    )
