"""Validate and load a local model folder, its tokenizer and an optional PEFT adapter."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json")
ADAPTER_WEIGHT_FILES = ("adapter_model.safetensors", "adapter_model.bin")


class LoadError(Exception):
    """A model or adapter folder that cannot be served; the message names the path and the fix."""


@dataclass(frozen=True, kw_only=True)
class LoadedModel:
    """A model ready for generation, with its tokenizer and the limits requests are checked against."""

    model: Any
    tokenizer: Any
    device: str
    # Maximum prompt plus completion length in tokens.
    context_length: int
    eos_token_ids: frozenset[int]


def check_model_folder(path: Path) -> None:
    """Raise LoadError unless ``path`` is a Hugging Face model folder with a config, tokenizer and weights."""
    if not path.is_dir():
        raise LoadError(f"model folder {path} does not exist or is not a folder; register an existing model folder")
    if not (path / "config.json").is_file():
        raise LoadError(f"model folder {path} has no config.json; it must be a model saved in Hugging Face format")
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        raise LoadError(
            f"model folder {path} has no tokenizer (expected one of {', '.join(TOKENIZER_FILES)}); "
            "save the tokenizer next to the model"
        )
    if not any(any(path.glob(pattern)) for pattern in WEIGHT_PATTERNS):
        raise LoadError(f"model folder {path} has no weights (*.safetensors or pytorch_model*.bin)")


def check_adapter_folder(path: Path) -> None:
    """Raise LoadError unless ``path`` is a PEFT adapter folder with its config and weights."""
    if not path.is_dir():
        raise LoadError(f"adapter folder {path} does not exist or is not a folder")
    if not (path / "adapter_config.json").is_file():
        raise LoadError(f"adapter folder {path} has no adapter_config.json; it must be saved with PEFT's save_pretrained")
    if not any((path / name).is_file() for name in ADAPTER_WEIGHT_FILES):
        raise LoadError(f"adapter folder {path} has no adapter_model.safetensors or adapter_model.bin")


def resolve_device(requested: str) -> str:
    """Map ``auto`` to ``cuda`` when PyTorch detects a GPU and to ``cpu`` otherwise."""
    import torch

    if requested != "auto":
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def read_context_length(model: Any, tokenizer: Any) -> int:
    """Return the model's context length, from its config or, failing that, the tokenizer."""
    configured = getattr(model.config, "max_position_embeddings", None)
    if isinstance(configured, int) and configured > 0:
        return configured
    # Tokenizers without a limit report a huge sentinel (about 1e30); treat only sane values as real.
    from_tokenizer = getattr(tokenizer, "model_max_length", None)
    if isinstance(from_tokenizer, int) and 0 < from_tokenizer < 10_000_000:
        return from_tokenizer
    return 2048


def collect_eos_ids(model: Any, tokenizer: Any) -> frozenset[int]:
    """Return every token id that ends generation, from the generation config and the tokenizer."""
    ids: set[int] = set()
    configured = getattr(model.generation_config, "eos_token_id", None)
    if isinstance(configured, int):
        ids.add(configured)
    elif isinstance(configured, list):
        ids.update(value for value in configured if isinstance(value, int))
    if tokenizer.eos_token_id is not None:
        ids.add(tokenizer.eos_token_id)
    return frozenset(ids)


def load_model(*, model_path: Path, adapter_path: Path | None, device: str) -> LoadedModel:
    """Load the model and tokenizer from ``model_path`` and apply the adapter at ``adapter_path``.

    The adapter is merged into the weights in memory, which makes CPU generation faster and leaves the
    files untouched. Files are read from disk only; nothing is downloaded.
    """
    check_model_folder(model_path)
    if adapter_path is not None:
        check_adapter_folder(adapter_path)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    resolved_device = resolve_device(device)
    # float32 on CPU because half precision matmuls are slow or unsupported there.
    dtype = torch.float32 if resolved_device == "cpu" else "auto"
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True, dtype=dtype)
    except (OSError, ValueError) as error:
        raise LoadError(f"could not load the model in {model_path}: {error}") from error

    if adapter_path is not None:
        model = apply_adapter(model, adapter_path)

    model.to(resolved_device)
    model.eval()
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        device=resolved_device,
        context_length=read_context_length(model, tokenizer),
        eos_token_ids=collect_eos_ids(model, tokenizer),
    )


def apply_adapter(model: Any, adapter_path: Path) -> Any:
    """Load the PEFT adapter at ``adapter_path`` onto ``model`` and merge it into the weights."""
    from peft import PeftModel

    try:
        peft_model = PeftModel.from_pretrained(model, adapter_path, is_trainable=False, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError) as error:
        # RuntimeError covers weight shapes that do not match the base model.
        raise LoadError(
            f"could not apply the adapter in {adapter_path} to the model: {error}. "
            "Check that the adapter was trained on this base model"
        ) from error
    return peft_model.merge_and_unload()
