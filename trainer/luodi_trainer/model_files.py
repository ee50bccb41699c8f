"""Read a Hugging Face model folder's files without loading its weights."""

import json
import struct
from collections import Counter
from dataclasses import dataclass
from math import prod
from pathlib import Path

from .errors import TrainerError

TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "vocab.txt")
SAFETENSORS_INDEX = "model.safetensors.index.json"
# safetensors files start with the header length as a little-endian u64, then a JSON header.
HEADER_LENGTH_BYTES = 8
MAX_HEADER_BYTES = 100 * 1024 * 1024
SAFETENSORS_DTYPES = {
    "F64": "float64",
    "F32": "float32",
    "F16": "float16",
    "BF16": "bfloat16",
    "F8_E4M3": "float8_e4m3fn",
    "F8_E5M2": "float8_e5m2",
    "I64": "int64",
    "I32": "int32",
    "I16": "int16",
    "I8": "int8",
    "U8": "uint8",
    "BOOL": "bool",
}


@dataclass(frozen=True, kw_only=True)
class TensorHeader:
    """One tensor's entry in a safetensors header."""

    name: str
    dtype: str
    shape: tuple[int, ...]


def missing_file(folder: Path, name: str, fix: str) -> TrainerError:
    """Build the ``missing_model_files`` error for one expected file."""
    return TrainerError("missing_model_files", f"model folder {folder} has no {name}; {fix}")


def check_model_folder(folder: Path) -> None:
    """Raise ``missing_model_files`` unless ``folder`` has a config, a tokenizer and weights."""
    if not folder.is_dir():
        raise TrainerError(
            "missing_model_files",
            f"model folder {folder} does not exist or is not a folder; register an existing model folder",
        )
    if not (folder / "config.json").is_file():
        raise missing_file(folder, "config.json", "save the model with save_pretrained in Hugging Face format")
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise missing_file(
            folder,
            f"tokenizer (expected one of {', '.join(TOKENIZER_FILES)})",
            "save the tokenizer next to the model",
        )
    weight_files(folder)


def weight_files(folder: Path) -> list[Path]:
    """Return the folder's weight files, checking that every shard its index names exists."""
    index_path = folder / SAFETENSORS_INDEX
    if index_path.is_file():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        shards = sorted(set(index.get("weight_map", {}).values()))
        for shard in shards:
            if not (folder / shard).is_file():
                raise missing_file(folder, f"{shard} (listed in {SAFETENSORS_INDEX})", "copy every weight shard")
        return [folder / shard for shard in shards]

    files = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("pytorch_model*.bin"))
    if not files:
        raise missing_file(folder, "weights (model.safetensors or pytorch_model.bin)", "copy the weight files")
    return files


def read_config(folder: Path) -> dict:
    """Return config.json as a dict; a config that is not JSON is a missing config for our purpose."""
    path = folder / "config.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TrainerError("missing_model_files", f"{path} cannot be read as JSON: {error}") from error


def read_safetensors_header(path: Path) -> list[TensorHeader]:
    """Return the tensors listed in a safetensors file's header, reading only the header bytes."""
    with path.open("rb") as handle:
        prefix = handle.read(HEADER_LENGTH_BYTES)
        if len(prefix) != HEADER_LENGTH_BYTES:
            raise TrainerError("missing_model_files", f"{path} is truncated: it has no safetensors header")
        (length,) = struct.unpack("<Q", prefix)
        if length > MAX_HEADER_BYTES:
            raise TrainerError("missing_model_files", f"{path} is not a safetensors file (header of {length} bytes)")
        header = json.loads(handle.read(length))

    return [
        TensorHeader(name=name, dtype=entry["dtype"], shape=tuple(entry["shape"]))
        for name, entry in header.items()
        if name != "__metadata__"
    ]


def safetensors_tensors(folder: Path) -> list[TensorHeader] | None:
    """Return every tensor header of the folder's safetensors weights, or None for .bin weights."""
    files = weight_files(folder)
    if any(path.suffix != ".safetensors" for path in files):
        return None
    return [tensor for path in files for tensor in read_safetensors_header(path)]


# Buffers that some models save beside their weights; they are not parameters.
BUFFER_SUFFIXES = ("position_ids", "token_type_ids", "inv_freq", "masked_bias")


def count_parameters(tensors: list[TensorHeader]) -> int:
    """Return the number of parameters stored in ``tensors``, saved buffers excluded.

    NOTE: packed quantized weights (GPTQ, AWQ) hold several parameters per stored integer, so their
    count here is lower than the model's real size.
    """
    return sum(prod(tensor.shape) for tensor in tensors if not tensor.name.endswith(BUFFER_SUFFIXES))


def dominant_dtype(tensors: list[TensorHeader]) -> str | None:
    """Return the dtype that stores the most parameters, as a PyTorch dtype name."""
    counts: Counter[str] = Counter()
    for tensor in tensors:
        counts[tensor.dtype] += prod(tensor.shape)
    if not counts:
        return None
    stored = counts.most_common(1)[0][0]
    return SAFETENSORS_DTYPES.get(stored, stored.lower())


def linear_module_names(tensors: list[TensorHeader]) -> list[str]:
    """Return the distinct names of modules with a 2-D weight, excluding embeddings and output heads.

    These are the layers LoRA can adapt, offered to the user when the architecture has no default.
    """
    excluded = ("embed", "wte", "wpe", "lm_head", "classifier", "score", "pooler")
    names = set()
    for tensor in tensors:
        if not tensor.name.endswith(".weight") or len(tensor.shape) != 2:
            continue
        module_path = tensor.name.removesuffix(".weight")
        module = module_path.rsplit(".", 1)[-1]
        if any(word in module_path for word in excluded) or module.isdigit():
            continue
        names.add(module)
    return sorted(names)


def text_config(config: dict) -> dict:
    """Return the language model's part of a config: multimodal configs nest it under text_config."""
    nested = config.get("text_config")
    return nested if isinstance(nested, dict) else config


def context_length(config: dict) -> int | None:
    """Return the maximum sequence length the config declares, under any of its usual names."""
    section = text_config(config)
    for key in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx"):
        value = section.get(key)
        if isinstance(value, int) and value > 0:
            return value
    return None


def has_chat_template(folder: Path) -> bool:
    """Return True when the tokenizer in ``folder`` ships a chat template, in any of its file layouts."""
    if (folder / "chat_template.jinja").is_file() or (folder / "chat_template.json").is_file():
        return True
    tokenizer_config = folder / "tokenizer_config.json"
    if not tokenizer_config.is_file():
        return False
    try:
        settings = json.loads(tokenizer_config.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    return bool(settings.get("chat_template"))
