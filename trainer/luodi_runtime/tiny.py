"""Build a tiny random-initialised Llama model, its tokenizer and a LoRA adapter for tests.

No pretrained weights can be downloaded where Luodi's tests run, so tests build their own model. It is a
byte-level BPE tokenizer trained on a fixed corpus, a 2-layer Llama with hidden size 64 and a PEFT LoRA
adapter. The adapter's ``lora_B`` is random because PEFT initialises it to zero, which would leave outputs
unchanged.

The result is cached under ``${XDG_CACHE_HOME:-~/.cache}/luodi/tiny-models/<hash of this file>`` so fresh
clones reuse it. Command line: ``python -m luodi_runtime.tiny OUT_DIR`` copies ``model/`` and ``adapter/``
into ``OUT_DIR`` and prints one JSON line with both paths.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

SEED = 1234
VOCAB_SIZE = 512
ROLE_TOKENS = ["<|system|>", "<|user|>", "<|assistant|>"]
END_TOKEN = "<|end|>"
PAD_TOKEN = "<|pad|>"
CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)
CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "Luodi serves local models on loopback and counts every token.",
    "Hello, how can I help you today? Please answer in one sentence.",
    "What is the capital of France? The capital of France is Paris.",
    "你好，请用一句话回答。这个模型很小，只用于测试。",
    "Order 42 shipped on Monday; the refund arrives within five days.",
    "1 2 3 4 5 6 7 8 9 10 apples, oranges and pears.",
]


def default_cache_root() -> Path:
    """Return the folder that contains cached tiny models, beside scripts/python-env.sh's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "luodi" / "tiny-models"


def builder_hash() -> str:
    """Return a short hash of this file, so a changed builder gets a fresh cache entry."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def build_tokenizer(out_dir: Path) -> "PreTrainedTokenizerFast":  # noqa: F821
    """Train a byte-level BPE tokenizer on ``CORPUS`` and save it with a chat template into ``out_dir``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=[PAD_TOKEN, END_TOKEN, *ROLE_TOKENS],
        # Every byte is in the vocabulary, so any text (Chinese included) can be encoded.
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(CORPUS * 4, trainer=trainer)

    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token=END_TOKEN,
        pad_token=PAD_TOKEN,
        additional_special_tokens=ROLE_TOKENS,
    )
    wrapped.chat_template = CHAT_TEMPLATE
    wrapped.save_pretrained(out_dir)
    return wrapped


def build_model(out_dir: Path, tokenizer) -> None:
    """Save a random-initialised 2-layer Llama (hidden size 64) matching ``tokenizer`` into ``out_dir``."""
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    torch.manual_seed(SEED)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
        tie_word_embeddings=False,
    )
    model = LlamaForCausalLM(config)
    model.generation_config = GenerationConfig(
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id
    )
    model.save_pretrained(out_dir, safe_serialization=True)


def build_adapter(model_dir: Path, out_dir: Path) -> None:
    """Save a LoRA adapter (rank 4 on the attention and MLP projections) for the model in ``model_dir``."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(SEED + 1)
    base = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True)
    config = LoraConfig(
        r=4,
        lora_alpha=8,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        task_type="CAUSAL_LM",
    )
    peft_model = get_peft_model(base, config)
    with torch.no_grad():
        for name, parameter in peft_model.named_parameters():
            # PEFT starts lora_B at zero, which makes the adapter a no-op; tests need it to change outputs.
            if "lora_B" in name:
                parameter.normal_(mean=0.0, std=0.5)
    peft_model.save_pretrained(out_dir, safe_serialization=True)

    # The saved config names the base by its in-memory path; point it at the folder it was built from.
    config_path = out_dir / "adapter_config.json"
    adapter_config = json.loads(config_path.read_text())
    adapter_config["base_model_name_or_path"] = str(model_dir)
    config_path.write_text(json.dumps(adapter_config, indent=2))


def build_into(folder: Path) -> None:
    """Build ``model/`` and ``adapter/`` inside ``folder``, which must exist and be empty."""
    model_dir = folder / "model"
    adapter_dir = folder / "adapter"
    tokenizer = build_tokenizer(model_dir)
    build_model(model_dir, tokenizer)
    build_adapter(model_dir, adapter_dir)


def ensure_cached(cache_root: Path | None = None) -> Path:
    """Return the cached tiny-model folder for this builder version, building it first when missing.

    The folder is built under a temporary name and renamed into place, so a crashed build never leaves
    a half-written entry and two concurrent builds do not mix their files.
    """
    root = cache_root if cache_root is not None else default_cache_root()
    target = root / builder_hash()
    if (target / "adapter" / "adapter_config.json").is_file():
        return target

    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        build_into(staging)
        try:
            staging.rename(target)
        except OSError:
            # Another process finished first; its copy is identical.
            if not (target / "adapter" / "adapter_config.json").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def build_tiny_model(out_dir: Path, *, cache_root: Path | None = None) -> dict[str, str]:
    """Copy the cached tiny model and adapter into ``out_dir`` and return their absolute paths."""
    cached = ensure_cached(cache_root)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_dir = out_dir / "model"
    adapter_dir = out_dir / "adapter"
    shutil.copytree(cached / "model", model_dir, dirs_exist_ok=True)
    shutil.copytree(cached / "adapter", adapter_dir, dirs_exist_ok=True)

    config_path = adapter_dir / "adapter_config.json"
    adapter_config = json.loads(config_path.read_text())
    adapter_config["base_model_name_or_path"] = str(model_dir.resolve())
    config_path.write_text(json.dumps(adapter_config, indent=2))
    return {"modelPath": str(model_dir.resolve()), "adapterPath": str(adapter_dir.resolve())}


def main(argv: list[str] | None = None) -> int:
    """Build the tiny model into the folder named on the command line and print its paths as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m luodi_runtime.tiny",
        description="Write a tiny random Llama model (model/) and LoRA adapter (adapter/) for tests.",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write model/ and adapter/ into")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache folder (default: ~/.cache/luodi/tiny-models)")
    arguments = parser.parse_args(argv)

    paths = build_tiny_model(arguments.out_dir, cache_root=arguments.cache_dir)
    sys.stdout.write(json.dumps({"event": "done", **paths}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
