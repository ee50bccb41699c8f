"""The ``inspect`` command: describe a model folder for the model registry."""

from pathlib import Path

from .architectures import default_target_modules
from .events import ModelInfoEvent
from .model_files import (
    check_model_folder,
    context_length,
    count_parameters,
    dominant_dtype,
    has_chat_template,
    linear_module_names,
    read_config,
    safetensors_tensors,
    text_config,
)


def count_parameters_from_config(folder: Path, architecture: str | None) -> int:
    """Count parameters by building the model on PyTorch's meta device, which allocates no memory.

    The class named in config.json's ``architectures`` is used when transformers has it, so output
    heads are counted; otherwise the bare AutoModel is.
    """
    import torch
    import transformers

    config = transformers.AutoConfig.from_pretrained(folder, local_files_only=True)
    model_class = getattr(transformers, architecture or "", None) or transformers.AutoModel
    with torch.device("meta"):
        model = model_class.from_config(config) if model_class is transformers.AutoModel else model_class(config)
    return sum(parameter.numel() for parameter in model.parameters())


def inspect_model(folder: Path) -> ModelInfoEvent:
    """Read the architecture, size, context length, chat template and LoRA defaults of ``folder``.

    Safetensors weights are counted from their headers; only ``pytorch_model*.bin`` weights make this
    build an empty model from the config instead.
    """
    check_model_folder(folder)
    config = read_config(folder)
    architectures = config.get("architectures") or []
    architecture = architectures[0] if architectures else None
    model_type = config.get("model_type")
    tensors = safetensors_tensors(folder)

    if tensors is not None:
        parameter_count = count_parameters(tensors)
        source = "safetensors"
        dtype = dominant_dtype(tensors)
        candidates = linear_module_names(tensors)
    else:
        parameter_count = count_parameters_from_config(folder, architecture)
        source = "config"
        section = text_config(config)
        dtype = section.get("dtype") or section.get("torch_dtype")
        candidates = []

    return ModelInfoEvent(
        path=str(folder.resolve()),
        architecture=architecture,
        model_type=model_type,
        parameter_count=parameter_count,
        parameter_count_source=source,
        context_length=context_length(config),
        chat_template=has_chat_template(folder),
        dtype=dtype,
        default_target_modules=default_target_modules(model_type),
        candidate_target_modules=candidates,
    )
