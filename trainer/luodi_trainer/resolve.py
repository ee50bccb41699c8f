"""Checks of a valid spec against the model folder and this machine, shared by ``plan`` and ``train``."""

from dataclasses import dataclass

from .environment import Hardware, ResolvedPrecision, check_method_runs_here, resolve_precision
from .methods import resolve_target_modules
from .model_files import check_model_folder, read_config
from .spec import JobSpec


@dataclass(frozen=True, kw_only=True)
class ResolvedJob:
    """The spec's choices made concrete for one machine and one model."""

    spec: JobSpec
    hardware: Hardware
    precision: ResolvedPrecision
    model_type: str | None
    # None unless the method is lora or qlora.
    target_modules: list[str] | None


def resolve_job(spec: JobSpec, hardware: Hardware) -> ResolvedJob:
    """Check the model folder, the method against the hardware and the LoRA targets against the architecture."""
    check_model_folder(spec.base_model)
    check_method_runs_here(spec, hardware)
    model_type = read_config(spec.base_model).get("model_type")
    return ResolvedJob(
        spec=spec,
        hardware=hardware,
        precision=resolve_precision(spec, hardware),
        model_type=model_type,
        target_modules=resolve_target_modules(spec, model_type),
    )
