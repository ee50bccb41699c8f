"""The ``plan`` command: validate a job before it is queued and report what it will cost."""

from .dataset_files import read_dataset
from .events import PlanEvent
from .memory_estimate import estimate_memory, read_shape
from .methods import apply_method, build_empty_model, count_parameters
from .resolve import ResolvedJob


def weight_format(job: ResolvedJob) -> str:
    """Return how the base weights are stored during training (see methods.load_base_model)."""
    if job.spec.method == "qlora":
        return "nf4"
    if job.spec.method == "full":
        return "fp32"
    return job.precision


def plan_job(job: ResolvedJob) -> PlanEvent:
    """Read the dataset, count trainable parameters on an empty model and estimate peak memory."""
    spec = job.spec
    splits = read_dataset(spec)

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
