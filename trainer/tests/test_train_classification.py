"""Sequence classification of CrossWOZ user-turn intents with the real all-MiniLM-L6-v2 encoder."""

import json
from pathlib import Path

from conftest import events_of, intent_splits, run_in_process, train_losses, write_spec

# Three frequent intents; MiniLM's English vocabulary maps many Chinese characters to [UNK], so the
# zero-shot baseline is weak and training has room to show a gain.
INTENTS = ["Inform-景点", "Request-餐馆", "General-thank"]


def classification_job(tmp_path: Path, model: Path, *, method: str, **hyperparameters) -> dict:
    return {
        "job_id": f"intents-{method}",
        "base_model": str(model),
        "task": "seq_classification",
        "method": method,
        "labels": INTENTS,
        "data": intent_splits(tmp_path / "data", labels=INTENTS, per_label={"train": 16, "validation": 4, "test": 8}),
        "hyperparameters": {
            "batch_size": 8,
            "max_length": 48,
            "eval_steps": 6,
            "save_steps": 6,
            "epochs": 2,
            **hyperparameters,
        },
        "output_dir": str(tmp_path / "out"),
    }


def train(tmp_path: Path, document: dict) -> list[dict]:
    code, events = run_in_process("train", "--spec", str(write_spec(tmp_path / "spec.json", document)))
    assert code == 0, [event for event in events if event["event"] in ("error", "log")]
    assert events[-1]["event"] == "done"
    return events


def check_evaluation(events: list[dict]) -> dict:
    evaluation = events_of(events, "evaluation")[0]
    assert evaluation["task"] == "seq_classification"
    assert evaluation["rows"] == 8 * len(INTENTS)
    for side in ("base", "tuned"):
        assert set(evaluation[side]) == {"accuracy", "macro_f1"}
        assert 0.0 <= evaluation[side]["accuracy"] <= 1.0
        assert 0.0 <= evaluation[side]["macro_f1"] <= 1.0
    return evaluation


def test_lora_classification_on_minilm(tmp_path, minilm):
    events = train(tmp_path, classification_job(tmp_path, minilm, method="lora", learning_rate=2e-3))

    start = events_of(events, "start")[0]
    # The adapter, the head and the pooler (384 x 384) together are about 1.1% of MiniLM's weights.
    assert start["trainable_ratio"] < 0.02
    evals = events_of(events, "eval")
    assert set(evals[-1]["metrics"]) == {"accuracy", "macro_f1"}
    losses = train_losses(events)
    assert losses[-1] < losses[0]

    adapter_dir = Path(next(event for event in events_of(events, "artifact") if event["kind"] == "adapter")["path"])
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    assert config["task_type"] == "SEQ_CLS"
    assert {"classifier", "pooler"} <= set(config["modules_to_save"])
    check_evaluation(events)


def test_full_classification_on_minilm(tmp_path, minilm):
    from transformers import AutoModelForSequenceClassification

    events = train(tmp_path, classification_job(tmp_path, minilm, method="full", learning_rate=1e-4))

    assert events_of(events, "start")[0]["trainable_ratio"] == 1.0
    evaluation = check_evaluation(events)
    assert evaluation["tuned"]["accuracy"] > evaluation["base"]["accuracy"]
    model_dir = next(event for event in events_of(events, "artifact") if event["kind"] == "merged")["path"]
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
    assert model.config.id2label == dict(enumerate(INTENTS))
