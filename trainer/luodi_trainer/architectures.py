"""Default LoRA target modules per architecture, keyed by the ``model_type`` in config.json."""

# Attention and MLP projections: adapting all of them works better than attention only at the same
# rank (QLoRA paper, Dettmers et al. 2023) and is what most LoRA recipes for these models use.
_LLAMA_STYLE = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")

DEFAULT_TARGET_MODULES: dict[str, tuple[str, ...]] = {
    "llama": _LLAMA_STYLE,
    "qwen2": _LLAMA_STYLE,
    "mistral": _LLAMA_STYLE,
    "gemma": _LLAMA_STYLE,
    # Phi-3 fuses the query/key/value and the gate/up projections into one linear layer each.
    "phi3": ("qkv_proj", "o_proj", "gate_up_proj", "down_proj"),
    # BERT encoders name their attention projections query/key/value.
    "bert": ("query", "key", "value"),
}


def default_target_modules(model_type: str | None) -> list[str] | None:
    """Return the default LoRA target modules for ``model_type``, or None when there is no default."""
    if model_type is None:
        return None
    modules = DEFAULT_TARGET_MODULES.get(model_type)
    return list(modules) if modules is not None else None
