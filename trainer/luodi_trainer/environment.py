"""The hardware a job runs on: device, precision and whether the method can run here."""

import importlib.util
from dataclasses import dataclass
from typing import Literal

from .errors import invalid_spec
from .spec import JobSpec

Device = Literal["cuda", "cpu"]
ResolvedPrecision = Literal["fp32", "bf16", "fp16"]


@dataclass(frozen=True, kw_only=True)
class Hardware:
    """The training capabilities of this machine."""

    cuda: bool
    bf16_supported: bool
    bitsandbytes: bool

    @property
    def device(self) -> Device:
        return "cuda" if self.cuda else "cpu"


def detect_hardware() -> Hardware:
    """Probe PyTorch for a CUDA device and bf16 support, and look for bitsandbytes (needed by QLoRA)."""
    import torch

    cuda = bool(torch.cuda.is_available())
    return Hardware(
        cuda=cuda,
        bf16_supported=cuda and bool(torch.cuda.is_bf16_supported()),
        bitsandbytes=importlib.util.find_spec("bitsandbytes") is not None,
    )


def check_method_runs_here(spec: JobSpec, hardware: Hardware) -> None:
    """Reject a method or precision this machine cannot run, with the reason and the alternative."""
    if spec.method == "qlora" and not hardware.cuda:
        raise invalid_spec(
            "method",
            "qlora needs a CUDA GPU because its 4-bit quantization (bitsandbytes) runs only on CUDA, and this "
            "machine has none; choose lora, or run the job on a GPU worker",
        )
    if spec.method == "qlora" and not hardware.bitsandbytes:
        raise invalid_spec(
            "method",
            "qlora needs the bitsandbytes package, which is not installed in the trainer's environment; "
            "choose lora, or install bitsandbytes on this GPU worker",
        )
    precision = spec.hyperparameters.precision
    if precision == "fp16" and not hardware.cuda:
        raise invalid_spec(
            "hyperparameters.precision",
            "fp16 mixed precision needs a CUDA GPU and this machine has none; choose auto, fp32 or bf16",
        )


def resolve_precision(spec: JobSpec, hardware: Hardware) -> ResolvedPrecision:
    """Map ``auto`` to bf16 where the GPU supports it, fp16 on other GPUs and fp32 on the CPU."""
    precision = spec.hyperparameters.precision
    if precision != "auto":
        return precision
    if not hardware.cuda:
        return "fp32"
    return "bf16" if hardware.bf16_supported else "fp16"
