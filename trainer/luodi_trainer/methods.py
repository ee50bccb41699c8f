"""Load the base model for a task and prepare it for the chosen method: LoRA, QLoRA, full or prompt tuning."""

from pathlib import Path

from .architectures import default_target_modules
from .environment import Hardware, ResolvedPrecision
from .errors import TrainerError, invalid_spec
from .spec import ADAPTER_METHODS, JobSpec

# Names transformers gives the classification head of sequence-classification models, and the pooler
# that BERT-style encoders put in front of it. The pooler is trained with the head because sentence
# encoders such as all-MiniLM-L6-v2 were tuned for mean pooling, so their pooler was never trained for the
# [CLS] output the head reads. With the pooler frozen, LoRA scored below zero-shot on BANKING77.
CLASSIFICATION_HEADS = ("classifier", "score", "pooler")


def resolve_target_modules(spec: JobSpec, model_type: str | None) -> list[str] | None:
    """Return the LoRA target modules: the spec's list, else the architecture's default; None for other methods."""
    if spec.method not in ADAPTER_METHODS:
        return None
    if spec.hyperparameters.target_modules is not None:
        return list(spec.hyperparameters.target_modules)

    defaults = default_target_modules(model_type)
    if defaults is None:
        raise invalid_spec(
            "hyperparameters.target_modules",
            f"architecture {model_type!r} has no default LoRA target modules; set target_modules to the linear "
            "layers to adapt (inspect lists them as candidate_target_modules)",
        )
    return defaults


def torch_dtype(precision: ResolvedPrecision):
    import torch

    return {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]


def model_class(spec: JobSpec):
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    return AutoModelForCausalLM if spec.task == "chat_sft" else AutoModelForSequenceClassification


def label_settings(spec: JobSpec) -> dict:
    """Return the config overrides that size a classification head for the spec's labels."""
    if spec.task != "seq_classification":
        return {}
    labels = spec.labels or []
    return {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: index for index, label in enumerate(labels)},
    }


def build_empty_model(spec: JobSpec):
    """Build the task's model on PyTorch's meta device: right shapes, no memory, for planning."""
    import torch
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(spec.base_model, local_files_only=True, **label_settings(spec))
    with torch.device("meta"):
        return model_class(spec).from_config(config)


def load_base_model(spec: JobSpec, *, hardware: Hardware, precision: ResolvedPrecision, pad_token_id: int | None):
    """Load the base weights for the task.

    Full fine-tuning keeps fp32 weights (mixed precision computes in bf16/fp16 under autocast, but the
    optimizer updates fp32 copies). The frozen base of LoRA and prompt tuning is stored in the compute
    precision to halve its memory; QLoRA stores it in 4 bits.
    """
    import torch

    options: dict = {"local_files_only": True, **label_settings(spec)}
    options["dtype"] = torch.float32 if spec.method == "full" else torch_dtype(precision)
    if spec.method == "qlora":
        options.update(quantization_options(precision))

    try:
        model = model_class(spec).from_pretrained(spec.base_model, **options)
    except (OSError, ValueError) as error:
        raise TrainerError(
            "missing_model_files", f"could not load the model in {spec.base_model}: {error}"
        ) from error

    if pad_token_id is not None and getattr(model.config, "pad_token_id", None) is None:
        # Sequence classification finds each row's last token through the pad token id.
        model.config.pad_token_id = pad_token_id
    if spec.method == "qlora":
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    return model


def quantization_options(precision: ResolvedPrecision) -> dict:
    """Return from_pretrained options that load the base in 4-bit NF4 on the first GPU.

    NOTE: this path needs CUDA and bitsandbytes, so the CPU test suite never runs it.
    """
    from transformers import BitsAndBytesConfig

    quantization = BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=torch_dtype(precision if precision != "fp32" else "bf16"),
    )
    return {"quantization_config": quantization, "device_map": {"": 0}}


def head_module_names(model) -> list[str]:
    """Return the names of the classification head (and pooler) modules present in ``model``."""
    present = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    return [name for name in CLASSIFICATION_HEADS if name in present]


def apply_method(model, spec: JobSpec, *, target_modules: list[str] | None):
    """Wrap ``model`` for the spec's method and return the model to train.

    LoRA and prompt tuning freeze the base; for classification they also train the (new) head, which
    PEFT saves with the adapter as modules_to_save.
    """
    if spec.method == "full":
        for parameter in model.parameters():
            parameter.requires_grad = True
        return model

    from peft import LoraConfig, PromptTuningConfig, PromptTuningInit, get_peft_model

    task_type = "CAUSAL_LM" if spec.task == "chat_sft" else "SEQ_CLS"
    heads = head_module_names(model) if spec.task == "seq_classification" else None
    settings = spec.hyperparameters
    if spec.method in ADAPTER_METHODS:
        config = LoraConfig(
            r=settings.lora_rank,
            lora_alpha=settings.lora_alpha,
            lora_dropout=settings.lora_dropout,
            target_modules=target_modules,
            task_type=task_type,
            modules_to_save=heads,
        )
    else:
        config = PromptTuningConfig(
            task_type=task_type,
            num_virtual_tokens=settings.num_virtual_tokens,
            prompt_tuning_init=PromptTuningInit.RANDOM,
        )

    try:
        peft_model = get_peft_model(model, config)
    except ValueError as error:
        # PEFT raises ValueError when a target module name matches no layer of the model.
        raise invalid_spec("hyperparameters.target_modules", f"{error}") from error
    upcast_trainable_parameters(peft_model)
    return peft_model


def upcast_trainable_parameters(model) -> None:
    """Keep trainable parameters in fp32: fp16 gradients cannot be unscaled, and bf16 updates lose precision."""
    import torch

    for parameter in model.parameters():
        if parameter.requires_grad and parameter.dtype != torch.float32:
            parameter.data = parameter.data.float()


def count_parameters(model) -> tuple[int, int]:
    """Return (trainable, total) parameter counts; PEFT counts 4-bit weights at their real size."""
    if hasattr(model, "get_nb_trainable_parameters"):
        return model.get_nb_trainable_parameters()
    total = sum(parameter.numel() for parameter in model.parameters())
    trainable = sum(parameter.numel() for parameter in model.parameters() if parameter.requires_grad)
    return trainable, total


def read_model_type(folder: Path) -> str | None:
    """Return config.json's model_type."""
    from .model_files import read_config

    return read_config(folder).get("model_type")
