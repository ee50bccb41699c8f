"""A rough estimate of peak training memory, for the launch form. It is an estimate, not a measurement."""

from dataclasses import dataclass

from .events import MemoryEstimate

MIB = 1024 * 1024
# Bytes per weight as stored: QLoRA's NF4 is 4 bits plus about 0.5 bits of quantization constants.
WEIGHT_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "nf4": 0.5625}


@dataclass(frozen=True, kw_only=True)
class ModelShape:
    """The config numbers the activation formula needs."""

    hidden_size: int
    num_layers: int
    num_heads: int
    vocab_size: int


def estimate_memory(
    *,
    shape: ModelShape,
    total_parameters: int,
    trainable_parameters: int,
    weight_format: str,
    activation_bytes: float,
    batch_size: int,
    sequence_length: int,
    causal_lm: bool,
) -> MemoryEstimate:
    """Estimate peak memory as weights + gradients + AdamW states + activations.

    - weights: every parameter at its storage size (``weight_format``).
    - gradients: one fp32 value per trainable parameter.
    - optimizer: AdamW keeps two fp32 moments per trainable parameter (8 bytes).
    - activations, per transformer layer: s*b*h*(34 + 5*a*s/h) bytes at 2 bytes per value (Korthikanti et
      al. 2022, "Reducing Activation Recomputation in Large Transformer Models"), scaled by
      ``activation_bytes``/2, plus fp32 logits and their gradient (2 * b*s*vocab*4 bytes) for a causal LM.
      This applies whether or not the base is frozen, because backpropagation to the adapters still passes
      through every layer.
    Not counted: the CUDA context (about 0.3-1 GiB), allocator fragmentation and gradient checkpointing.
    """
    h = shape.hidden_size
    s = sequence_length
    b = batch_size
    a = shape.num_heads
    per_layer = s * b * h * (34 + 5 * a * s / h) * (activation_bytes / 2)
    logits = 2 * b * s * shape.vocab_size * 4 if causal_lm else 0

    weights = total_parameters * WEIGHT_BYTES[weight_format]
    gradients = trainable_parameters * 4
    optimizer = trainable_parameters * 8
    activations = per_layer * shape.num_layers + logits
    total = weights + gradients + optimizer + activations
    return MemoryEstimate(
        weights_mb=round(weights / MIB, 1),
        gradients_mb=round(gradients / MIB, 1),
        optimizer_mb=round(optimizer / MIB, 1),
        activations_mb=round(activations / MIB, 1),
        total_mb=round(total / MIB, 1),
    )


def read_shape(config) -> ModelShape:
    """Read hidden size, layer count, head count and vocabulary size from a transformers config."""
    section = getattr(config, "text_config", None) or config
    return ModelShape(
        hidden_size=int(_first(section, ("hidden_size", "n_embd", "d_model"), 768)),
        num_layers=int(_first(section, ("num_hidden_layers", "n_layer", "num_layers"), 12)),
        num_heads=int(_first(section, ("num_attention_heads", "n_head", "num_heads"), 12)),
        vocab_size=int(_first(section, ("vocab_size",), 32000)),
    )


def _first(config, names: tuple[str, ...], default: int) -> int:
    # NOTE: the default is a guess for configs that use none of the usual names.
    for name in names:
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return default
