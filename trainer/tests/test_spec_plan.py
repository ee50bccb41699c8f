"""The plan command: trainable-parameter ratio and memory estimate on the tiny models and MiniLM."""

from pathlib import Path

import pytest
from conftest import chat_splits, intent_splits, run_in_process, write_spec

from luodi_trainer.memory_estimate import MIB, ModelShape, estimate_memory

INTENTS = ["Inform-景点", "Inform-餐馆", "General-thank"]


def chat_document(tmp_path: Path, model: Path, **changes) -> dict:
    paths = chat_splits(tmp_path / "data", train=6, validation=2, test=2)
    return {
        "job_id": "plan-chat",
        "base_model": str(model),
        "task": "chat_sft",
        "method": "lora",
        "data": paths,
        "output_dir": str(tmp_path / "out"),
        **changes,
    }


def classification_document(tmp_path: Path, model: Path, **changes) -> dict:
    paths = intent_splits(tmp_path / "data", labels=INTENTS, per_label={"train": 4, "validation": 2, "test": 2})
    return {
        "job_id": "plan-intents",
        "base_model": str(model),
        "task": "seq_classification",
        "method": "lora",
        "labels": INTENTS,
        "data": paths,
        "output_dir": str(tmp_path / "out"),
        **changes,
    }


def plan(tmp_path: Path, document: dict) -> dict:
    code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))
    assert code == 0, events
    assert [event["event"] for event in events] == ["plan"]
    return events[0]


def peft_counts(model_path: Path, config, *, classification_labels: int | None = None) -> tuple[int, int]:
    """Count parameters the long way: load the real weights and wrap them with PEFT."""
    from peft import get_peft_model
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    if classification_labels is None:
        model = AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True)
    else:
        model = AutoModelForSequenceClassification.from_pretrained(model_path, local_files_only=True, num_labels=classification_labels)
    return get_peft_model(model, config).get_nb_trainable_parameters()


def test_plan_lora_on_tiny_llama(tmp_path, tiny_llama):
    from peft import LoraConfig

    result = plan(tmp_path, chat_document(tmp_path, tiny_llama, hyperparameters={"lora_rank": 4}))
    expected = peft_counts(
        tiny_llama,
        LoraConfig(r=4, target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], task_type="CAUSAL_LM"),
    )

    assert (result["trainable_parameters"], result["total_parameters"]) == expected
    assert result["trainable_ratio"] == pytest.approx(expected[0] / expected[1])
    assert result["device"] in ("cpu", "cuda")
    assert result["gpu_required"] is False
    assert result["rows"] == {"train": 6, "validation": 2, "test": 2}
    memory = result["memory"]
    parts = memory["weights_mb"] + memory["gradients_mb"] + memory["optimizer_mb"] + memory["activations_mb"]
    assert memory["total_mb"] == pytest.approx(parts, abs=0.2)


def test_plan_methods_on_tiny_qwen2(tmp_path, tiny_qwen2):
    lora = plan(tmp_path, chat_document(tmp_path, tiny_qwen2))
    full = plan(tmp_path, chat_document(tmp_path, tiny_qwen2, method="full"))
    prompt = plan(tmp_path, chat_document(tmp_path, tiny_qwen2, method="prompt_tuning", hyperparameters={"num_virtual_tokens": 10}))

    assert full["trainable_ratio"] == 1.0
    assert 0 < lora["trainable_ratio"] < 1
    # Prompt tuning trains one embedding of hidden size 64 per virtual token.
    assert prompt["trainable_parameters"] == 10 * 64
    assert prompt["target_modules"] is None
    assert full["memory"]["optimizer_mb"] > lora["memory"]["optimizer_mb"]
    assert full["memory"]["total_mb"] > lora["memory"]["total_mb"]


def test_plan_minilm_classification(tmp_path, minilm):
    from peft import LoraConfig

    lora = plan(tmp_path, classification_document(tmp_path, minilm))
    full = plan(tmp_path, classification_document(tmp_path, minilm, method="full"))
    expected = peft_counts(
        minilm,
        LoraConfig(r=8, target_modules=["query", "key", "value"], task_type="SEQ_CLS", modules_to_save=["classifier", "pooler"]),
        classification_labels=len(INTENTS),
    )

    assert (lora["trainable_parameters"], lora["total_parameters"]) == expected
    assert lora["target_modules"] == ["query", "key", "value"]
    assert full["trainable_parameters"] == full["total_parameters"]
    # MiniLM has about 22.7 million parameters: about 87 MiB in fp32.
    assert 80 < full["memory"]["weights_mb"] < 95


def test_memory_estimate_formula():
    shape = ModelShape(hidden_size=1024, num_layers=2, num_heads=16, vocab_size=1000)

    estimate = estimate_memory(
        shape=shape,
        total_parameters=1_000_000,
        trainable_parameters=1000,
        weight_format="bf16",
        activation_bytes=2,
        batch_size=2,
        sequence_length=128,
        causal_lm=True,
    )

    per_layer = 128 * 2 * 1024 * (34 + 5 * 16 * 128 / 1024)
    logits = 2 * 2 * 128 * 1000 * 4
    assert estimate.weights_mb == round(2_000_000 / MIB, 1)
    assert estimate.gradients_mb == round(4000 / MIB, 1)
    assert estimate.optimizer_mb == round(8000 / MIB, 1)
    assert estimate.activations_mb == round((2 * per_layer + logits) / MIB, 1)


def test_plan_rejects_max_length_without_assistant_tokens(tmp_path, tiny_llama):
    document = chat_document(tmp_path, tiny_llama, hyperparameters={"max_length": 8})
    code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))

    assert code != 0
    assert [event["event"] for event in events] == ["error"]
    assert events[0]["code"] == "invalid_spec"
    assert events[0]["field"] == "hyperparameters.max_length"
    assert "train.jsonl" in events[0]["message"]
