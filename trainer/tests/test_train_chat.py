"""Chat SFT on tiny random Llama and Qwen2 models with CrossWOZ chats: LoRA, full and prompt tuning."""

import json
from pathlib import Path

from conftest import chat_splits, events_of, run_in_process, train_losses, write_spec

from luodi_trainer.artifacts import sha256_file


def chat_job(tmp_path: Path, model: Path, *, method: str = "lora", train: int = 32, **changes) -> dict:
    hyperparameters = {
        "learning_rate": 1e-2,
        "epochs": 3,
        "batch_size": 4,
        "max_length": 128,
        "eval_steps": 8,
        "save_steps": 8,
        **changes.pop("hyperparameters", {}),
    }
    return {
        "job_id": f"chat-{method}",
        "base_model": str(model),
        "task": "chat_sft",
        "method": method,
        "data": chat_splits(tmp_path / "data", train=train, validation=4, test=4),
        "hyperparameters": hyperparameters,
        "output_dir": str(tmp_path / "out"),
        "evaluation": {"max_new_tokens": 12},
        **changes,
    }


def train(tmp_path: Path, document: dict) -> list[dict]:
    code, events = run_in_process("train", "--spec", str(write_spec(tmp_path / "spec.json", document)))
    assert code == 0, [event for event in events if event["event"] in ("error", "log")]
    assert events[-1]["event"] == "done"
    return events


def artifact(events: list[dict], kind: str) -> dict:
    found = [event for event in events_of(events, "artifact") if event["kind"] == kind]
    assert len(found) == 1, f"expected one {kind} artifact"
    return found[0]


def first_and_last_mean(values: list[float], count: int = 3) -> tuple[float, float]:
    return sum(values[:count]) / count, sum(values[-count:]) / count


def sample_logits(model, tokenizer):
    import torch

    inputs = tokenizer("你好，我想找一家酒店。", return_tensors="pt", add_special_tokens=False)
    with torch.no_grad():
        return model(**inputs).logits


def test_lora_sft_on_tiny_llama(tmp_path, tiny_llama):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    events = train(tmp_path, chat_job(tmp_path, tiny_llama))

    start = events_of(events, "start")[0]
    assert start["method"] == "lora"
    assert start["resumed_from_step"] is None
    assert 0 < start["trainable_ratio"] < 1
    steps = events_of(events, "step")
    assert [event["step"] for event in steps] == list(range(1, start["total_steps"] + 1))
    assert all(event["tokens_per_second"] > 0 and event["memory_mb"] > 0 for event in steps)
    first, last = first_and_last_mean(train_losses(events))
    assert last < first - 0.1
    assert events_of(events, "eval")[0]["eval_loss"] is not None
    assert [event["stage"] for event in events_of(events, "stage")] == ["data", "train", "save", "evaluate"]

    adapter = artifact(events, "adapter")
    adapter_dir = Path(adapter["path"])
    assert (adapter_dir / "adapter_model.safetensors").is_file()
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    assert config["peft_type"] == "LORA"
    assert config["base_model_name_or_path"] == str(tiny_llama.resolve())
    listed = {file["path"]: file for file in adapter["files"]}
    assert listed["adapter_model.safetensors"]["sha256"] == sha256_file(adapter_dir / "adapter_model.safetensors")
    assert adapter["size_bytes"] == sum(file["size_bytes"] for file in adapter["files"])
    assert Path(artifact(events, "trainer_state")["path"]).name == "trainer_state.json"

    tokenizer = AutoTokenizer.from_pretrained(tiny_llama, local_files_only=True)
    base = AutoModelForCausalLM.from_pretrained(tiny_llama, local_files_only=True)
    base_logits = sample_logits(base, tokenizer)
    tuned = PeftModel.from_pretrained(base, adapter_dir, local_files_only=True)
    tuned_logits = sample_logits(tuned, tokenizer)
    assert not torch.allclose(base_logits, tuned_logits, atol=1e-4)

    evaluation = events_of(events, "evaluation")[0]
    assert evaluation["rows"] == 4
    assert set(evaluation["base"]) == {"exact_match", "rouge_l", "perplexity"}
    assert evaluation["tuned"]["perplexity"] < evaluation["base"]["perplexity"]


def test_lora_sft_tiny_qwen2_fallback_template(tmp_path, tiny_qwen2):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    events = train(tmp_path, chat_job(tmp_path, tiny_qwen2, merge_weights=True))

    notices = [line for event in events_of(events, "log") for line in event["lines"]]
    assert any("no chat template" in line for line in notices)
    first, last = first_and_last_mean(train_losses(events))
    assert last < first - 0.1

    adapter_dir = Path(artifact(events, "adapter")["path"])
    merged_dir = Path(artifact(events, "merged")["path"])
    tokenizer = AutoTokenizer.from_pretrained(adapter_dir, local_files_only=True)
    assert tokenizer.chat_template, "the adapter folder keeps the template used in training"
    base = AutoModelForCausalLM.from_pretrained(tiny_qwen2, local_files_only=True)
    base_logits = sample_logits(base, tokenizer)
    adapted_logits = sample_logits(PeftModel.from_pretrained(base, adapter_dir, local_files_only=True), tokenizer)
    merged_logits = sample_logits(AutoModelForCausalLM.from_pretrained(merged_dir, local_files_only=True), tokenizer)
    assert not torch.allclose(base_logits, adapted_logits, atol=1e-4)
    assert torch.allclose(adapted_logits, merged_logits, atol=1e-4)


def test_full_finetune_runs_a_few_steps(tmp_path, tiny_llama):
    from transformers import AutoModelForCausalLM

    events = train(tmp_path, chat_job(tmp_path, tiny_llama, method="full", train=8, hyperparameters={"max_steps": 3, "learning_rate": 1e-3}))

    assert events_of(events, "start")[0]["trainable_ratio"] == 1.0
    assert len(events_of(events, "step")) == 3
    model_dir = Path(artifact(events, "merged")["path"])
    assert model_dir.name == "model"
    AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True)


def test_prompt_tuning_runs_a_few_steps(tmp_path, tiny_qwen2):
    events = train(
        tmp_path,
        chat_job(tmp_path, tiny_qwen2, method="prompt_tuning", train=8, hyperparameters={"max_steps": 3, "num_virtual_tokens": 8}),
    )

    assert events_of(events, "start")[0]["trainable_parameters"] == 8 * 64
    assert len(events_of(events, "step")) == 3
    adapter_dir = Path(artifact(events, "adapter")["path"])
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    assert config["peft_type"] == "PROMPT_TUNING"
    assert config["num_virtual_tokens"] == 8
    assert events_of(events, "evaluation")[0]["tuned"]["perplexity"] is not None


def test_rows_beyond_max_length_rejected(tmp_path, tiny_llama):
    document = chat_job(tmp_path, tiny_llama, train=4, hyperparameters={"max_length": 8})

    code, events = run_in_process("train", "--spec", str(write_spec(tmp_path / "spec.json", document)))

    assert code == 1
    assert events[-1]["code"] == "invalid_spec"
    assert events[-1]["field"] == "hyperparameters.max_length"
