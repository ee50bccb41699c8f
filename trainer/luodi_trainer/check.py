"""The ``check`` command: reports what this environment can run."""

import importlib.metadata
import importlib.util
import platform

from .events import ReadyEvent

# Packages the trainer uses. trl and datasets are optional: training works without them.
REPORTED_PACKAGES = ("pydantic", "torch", "transformers", "peft", "trl", "accelerate", "datasets")


def installed_version(distribution: str) -> str | None:
    """Return the installed version of ``distribution``, or None when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def cuda_available() -> bool:
    """Return True when PyTorch is installed and detects a CUDA device. Without PyTorch there is no GPU training."""
    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def build_ready_event() -> ReadyEvent:
    """Collect the interpreter version, package versions and CUDA availability."""
    return ReadyEvent(
        python=platform.python_version(),
        packages={name: installed_version(name) for name in REPORTED_PACKAGES},
        cuda=cuda_available(),
    )
