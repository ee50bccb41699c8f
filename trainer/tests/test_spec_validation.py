"""Job spec validation: every bad field, impossible combinations, bad data and missing model files."""

import json
from pathlib import Path

import pytest
from conftest import chat_splits, run_in_process, write_jsonl, write_spec

from luodi_trainer.environment import Hardware, check_method_runs_here
from luodi_trainer.errors import TrainerError
from luodi_trainer.spec import JobSpec, parse_spec

NO_GPU = Hardware(cuda=False, bf16_supported=False, bitsandbytes=False)


def base_document(tmp_path: Path, model: Path) -> dict:
    return {
        "job_id": "job-1",
        "base_model": str(model),
        "task": "chat_sft",
        "method": "lora",
        "data": {"train": str(tmp_path / "train.jsonl"), "validation": str(tmp_path / "validation.jsonl")},
        "output_dir": str(tmp_path / "out"),
    }


def with_field(document: dict, dotted: str, value) -> dict:
    changed = json.loads(json.dumps(document))
    target = changed
    *parents, last = dotted.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value
    return changed


BAD_FIELDS = [
    ("job_id", ""),
    ("job_id", "has spaces"),
    ("task", "translation"),
    ("method", "adapter"),
    ("resume", "sometimes"),
    ("merge_weights", "yes please"),
    ("hyperparameters.lora_rank", 0),
    ("hyperparameters.lora_rank", 5000),
    ("hyperparameters.lora_alpha", 0),
    ("hyperparameters.lora_dropout", 1.0),
    ("hyperparameters.target_modules", []),
    ("hyperparameters.target_modules", ["q_proj", "q_proj"]),
    ("hyperparameters.target_modules", ["q-proj"]),
    ("hyperparameters.learning_rate", 0),
    ("hyperparameters.learning_rate", 2.0),
    ("hyperparameters.scheduler", "exponential"),
    ("hyperparameters.warmup_ratio", 1.0),
    ("hyperparameters.weight_decay", -0.1),
    ("hyperparameters.epochs", 0),
    ("hyperparameters.max_steps", 0),
    ("hyperparameters.batch_size", 0),
    ("hyperparameters.gradient_accumulation_steps", 0),
    ("hyperparameters.max_length", 4),
    ("hyperparameters.seed", -1),
    ("hyperparameters.precision", "fp8"),
    ("hyperparameters.eval_steps", 0),
    ("hyperparameters.save_steps", 0),
    ("hyperparameters.logging_steps", 0),
    ("hyperparameters.save_total_limit", 0),
    ("hyperparameters.num_virtual_tokens", 0),
    ("hyperparameters.learning_rat", 0.1),
    ("evaluation.max_rows", 0),
    ("evaluation.max_new_tokens", 0),
    ("data.train", None),
    ("unexpected", 1),
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
def test_bad_field_rejected_with_its_name(tmp_path, tiny_llama, field, value):
    document = with_field(base_document(tmp_path, tiny_llama), field, value)

    with pytest.raises(TrainerError) as caught:
        parse_spec(document)

    assert caught.value.code == "invalid_spec"
    assert caught.value.field == field
    assert field in caught.value.message


def test_valid_spec_gets_defaults(tmp_path, tiny_llama):
    spec = parse_spec(base_document(tmp_path, tiny_llama))

    assert spec.hyperparameters.lora_rank == 8
    assert spec.hyperparameters.precision == "auto"
    assert spec.resume == "auto"
    assert spec.data.test is None


def test_spec_construction_is_keyword_only():
    with pytest.raises(TypeError):
        JobSpec("job-1")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"task": "seq_classification"}, "labels"),
        ({"labels": ["a", "b"]}, "labels"),
        ({"task": "seq_classification", "labels": ["a", "a"]}, "labels"),
        ({"task": "seq_classification", "labels": ["a", " "]}, "labels"),
        ({"task": "seq_classification", "labels": ["a"]}, "labels"),
        ({"method": "full", "merge_weights": True}, "merge_weights"),
        ({"method": "prompt_tuning", "merge_weights": True}, "merge_weights"),
    ],
)
def test_impossible_combination_rejected(tmp_path, tiny_llama, changes, field):
    document = {**base_document(tmp_path, tiny_llama), **changes}

    with pytest.raises(TrainerError) as caught:
        parse_spec(document)

    assert caught.value.field == field


def test_qlora_on_cpu_rejected(tmp_path, tiny_llama):
    spec = parse_spec({**base_document(tmp_path, tiny_llama), "method": "qlora"})

    with pytest.raises(TrainerError) as caught:
        check_method_runs_here(spec, NO_GPU)

    assert caught.value.code == "invalid_spec"
    assert caught.value.field == "method"
    assert "CUDA" in caught.value.message
    assert "choose lora" in caught.value.message


def test_qlora_without_bitsandbytes_rejected(tmp_path, tiny_llama):
    spec = parse_spec({**base_document(tmp_path, tiny_llama), "method": "qlora"})
    gpu_without_bitsandbytes = Hardware(cuda=True, bf16_supported=True, bitsandbytes=False)

    with pytest.raises(TrainerError) as caught:
        check_method_runs_here(spec, gpu_without_bitsandbytes)

    assert "bitsandbytes" in caught.value.message


def test_fp16_on_cpu_rejected(tmp_path, tiny_llama):
    spec = parse_spec(with_field(base_document(tmp_path, tiny_llama), "hyperparameters.precision", "fp16"))

    with pytest.raises(TrainerError) as caught:
        check_method_runs_here(spec, NO_GPU)

    assert caught.value.field == "hyperparameters.precision"


def test_plan_rejects_qlora_on_this_cpu(tmp_path, tiny_llama):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    paths = chat_splits(tmp_path, train=4, validation=2, test=0)
    document = {**base_document(tmp_path, tiny_llama), "method": "qlora", "data": {"train": paths["train"], "validation": paths["validation"]}}

    code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))

    assert code == 1
    assert events[-1]["event"] == "error"
    assert events[-1]["code"] == "invalid_spec"
    assert events[-1]["field"] == "method"


def unknown_architecture_model(tmp_path: Path, tiny_llama: Path) -> Path:
    """Copy the tiny Llama and relabel its model_type, as an architecture with no LoRA default."""
    import shutil

    folder = tmp_path / "unknown-model"
    shutil.copytree(tiny_llama, folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "made_up_arch"}))
    return folder


def test_unknown_architecture_without_targets_rejected(tmp_path, tiny_llama):
    from luodi_trainer.resolve import resolve_job

    folder = unknown_architecture_model(tmp_path, tiny_llama)
    spec = parse_spec(base_document(tmp_path, folder))

    with pytest.raises(TrainerError) as caught:
        resolve_job(spec, NO_GPU)

    assert caught.value.field == "hyperparameters.target_modules"
    assert "made_up_arch" in caught.value.message
    assert "candidate_target_modules" in caught.value.message


def test_unknown_architecture_with_targets_resolves(tmp_path, tiny_llama):
    from luodi_trainer.resolve import resolve_job

    folder = unknown_architecture_model(tmp_path, tiny_llama)
    document = with_field(base_document(tmp_path, folder), "hyperparameters.target_modules", ["q_proj", "v_proj"])

    job = resolve_job(parse_spec(document), NO_GPU)

    assert job.target_modules == ["q_proj", "v_proj"]


def plan_with_data(tmp_path: Path, model: Path, train_rows: list, validation_rows: list, **changes) -> list[dict]:
    train = write_jsonl(tmp_path / "train.jsonl", train_rows)
    validation = write_jsonl(tmp_path / "validation.jsonl", validation_rows)
    document = {**base_document(tmp_path, model), "data": {"train": str(train), "validation": str(validation)}, **changes}
    _code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))
    return events


CHAT = {"messages": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "您好！"}]}


def test_dataset_without_validation_rows_rejected(tmp_path, tiny_llama):
    events = plan_with_data(tmp_path, tiny_llama, [CHAT, CHAT], [])

    assert events[-1]["code"] == "invalid_spec"
    assert events[-1]["field"] == "data.validation"
    assert "validation split" in events[-1]["message"]


def test_bad_json_row_reported_with_file_and_line(tmp_path, tiny_llama):
    train = tmp_path / "train.jsonl"
    write_jsonl(train, [CHAT, CHAT])
    with train.open("a", encoding="utf-8") as handle:
        handle.write("\n{not json\n")
    write_jsonl(tmp_path / "validation.jsonl", [CHAT])
    document = {**base_document(tmp_path, tiny_llama)}

    _code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))

    error = events[-1]
    assert error["code"] == "bad_row"
    assert error["file"] == str(train)
    assert error["line"] == 4
    assert "train.jsonl line 4" in error["message"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"text": "你好", "label": "greet"}, "classification file"),
        ({"messages": [{"role": "user", "content": "只有用户"}]}, "no assistant message"),
        ({"messages": [{"role": "robot", "content": "?"}, {"role": "assistant", "content": "!"}]}, "role 'robot'"),
        ({"messages": [{"role": "user", "content": None}, {"role": "assistant", "content": "!"}]}, "no text content"),
    ],
)
def test_chat_row_that_does_not_fit_rejected(tmp_path, tiny_llama, row, problem):
    events = plan_with_data(tmp_path, tiny_llama, [CHAT, row], [CHAT])

    assert events[-1]["code"] == "bad_row"
    assert events[-1]["line"] == 2
    assert problem in events[-1]["message"]


def test_classification_row_with_unknown_label_rejected(tmp_path, minilm):
    rows = [{"text": "hello", "label": "greet"}, {"text": "bye", "label": "farewell"}]
    events = plan_with_data(
        tmp_path, minilm, rows, rows[:1], task="seq_classification", labels=["greet", "thanks"]
    )

    assert events[-1]["code"] == "bad_row"
    assert events[-1]["line"] == 2
    assert "'farewell'" in events[-1]["message"]


def test_chat_file_for_classification_rejected(tmp_path, minilm):
    events = plan_with_data(tmp_path, minilm, [CHAT], [CHAT], task="seq_classification", labels=["a", "b"])

    assert events[-1]["code"] == "bad_row"
    assert "chat file" in events[-1]["message"]


def test_missing_data_file_names_the_field(tmp_path, tiny_llama):
    write_jsonl(tmp_path / "validation.jsonl", [CHAT])
    document = base_document(tmp_path, tiny_llama)

    _code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", document)))

    assert events[-1]["code"] == "invalid_spec"
    assert events[-1]["field"] == "data.train"


@pytest.mark.parametrize(
    ("removed", "named"),
    [("config.json", "no config.json"), ("tokenizer.json", "no tokenizer"), ("model.safetensors", "no weights")],
)
def test_missing_model_file_named(tmp_path, tiny_llama, removed, named):
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(tiny_llama, folder)
    (folder / removed).unlink()
    write_jsonl(tmp_path / "train.jsonl", [CHAT])
    write_jsonl(tmp_path / "validation.jsonl", [CHAT])

    _code, events = run_in_process("plan", "--spec", str(write_spec(tmp_path / "spec.json", base_document(tmp_path, folder))))

    assert events[-1]["code"] == "missing_model_files"
    assert named in events[-1]["message"]


def test_unreadable_spec_file_rejected(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text("{ not json", encoding="utf-8")

    code, events = run_in_process("train", "--spec", str(path))

    assert code == 1
    assert events == [events[-1]]
    assert events[-1]["code"] == "invalid_spec"
    assert "not valid JSON" in events[-1]["message"]
