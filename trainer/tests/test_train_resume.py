"""Interrupted jobs: SIGKILL resumes from the newest complete checkpoint, SIGTERM cancels with a checkpoint."""

import json
import signal
from pathlib import Path

from conftest import chat_splits, events_of, run_in_process, start_trainer, write_spec

# Enough steps that the job is still training when the test reacts to its first checkpoint.
TOTAL_STEPS = 400


def long_job(tmp_path: Path, model: Path) -> Path:
    document = {
        "job_id": "interrupted",
        "base_model": str(model),
        "task": "chat_sft",
        "method": "lora",
        "data": chat_splits(tmp_path / "data", train=16, validation=2, test=2),
        "hyperparameters": {
            "learning_rate": 5e-3,
            "max_steps": TOTAL_STEPS,
            "batch_size": 2,
            "max_length": 96,
            "eval_steps": 1000,
            "save_steps": 3,
            "save_total_limit": 2,
        },
        "output_dir": str(tmp_path / "out"),
        "evaluation": {"max_new_tokens": 4},
    }
    return write_spec(tmp_path / "spec.json", document)


def read_until(process, kind: str) -> list[dict]:
    """Read events from a running trainer up to and including the first event of ``kind``."""
    seen = []
    for line in process.stdout:
        event = json.loads(line)
        seen.append(event)
        if event["event"] == kind:
            return seen
        assert event["event"] != "error", event
    raise AssertionError(f"the trainer exited before a {kind} event; events: {seen}")


def test_killed_job_resumes_from_newest_checkpoint(tmp_path, tiny_llama):
    spec_path = long_job(tmp_path, tiny_llama)
    process = start_trainer("train", "--spec", str(spec_path))
    try:
        first_checkpoint = read_until(process, "checkpoint")[-1]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
        process.stdout.close()

    assert first_checkpoint["step"] == 3
    output_dir = tmp_path / "out"
    published = sorted(int(path.name.split("-")[1]) for path in (output_dir / "checkpoints").iterdir())
    # What a kill during a save leaves behind: a partial folder in staging, never under checkpoints/.
    (output_dir / ".staging" / "checkpoint-999").mkdir(parents=True, exist_ok=True)

    code, events = run_in_process("train", "--spec", str(spec_path))

    assert code == 0, events[-1]
    start = events_of(events, "start")[0]
    assert start["resumed_from_step"] == published[-1]
    assert start["resumed_from_checkpoint"] == str(output_dir / "checkpoints" / f"checkpoint-{published[-1]}")
    assert events_of(events, "step")[0]["step"] == published[-1] + 1
    assert events[-1]["event"] == "done"
    assert events[-1]["step"] == TOTAL_STEPS
    assert not (output_dir / ".staging" / "checkpoint-999").exists()
    # save_total_limit keeps the two newest checkpoints.
    assert sorted(path.name for path in (output_dir / "checkpoints").iterdir()) == [
        f"checkpoint-{TOTAL_STEPS - 1}",
        f"checkpoint-{TOTAL_STEPS}",
    ]


def test_sigterm_cancels_after_saving_a_checkpoint(tmp_path, tiny_llama):
    spec_path = long_job(tmp_path, tiny_llama)
    process = start_trainer("train", "--spec", str(spec_path))
    try:
        before = read_until(process, "step")
        process.send_signal(signal.SIGTERM)
        after = [json.loads(line) for line in process.stdout]
        code = process.wait(timeout=60)
    finally:
        process.kill()
        process.stdout.close()

    events = before + after
    assert code == 1
    error = events[-1]
    assert error["event"] == "error"
    assert error["code"] == "cancelled"
    checkpoints = events_of(events, "checkpoint")
    assert checkpoints, "a checkpoint is saved at the step where the job stopped"
    assert error["last_good_checkpoint"] == checkpoints[-1]["path"]
    assert Path(error["last_good_checkpoint"], "trainer_state.json").is_file()
    last_step = events_of(events, "step")[-1]["step"]
    assert checkpoints[-1]["step"] == last_step < TOTAL_STEPS
