"""Compare the tokens/s of a Luodi training job with a plain PEFT training loop on the same model and data.

Both train the same random-initialised Llama (built here with the tiny test tokenizer, so nothing is
downloaded) with the same LoRA settings, CrossWOZ chats, batch size, max length, learning rate, seed and
step count, in the same run. Luodi's speed is the non-padding tokens its Trainer counted, divided by the
time from its ``start`` event to its last ``step`` event. Process start-up and model loading are therefore
not counted, and the plain loop is timed over its steps the same way. Evaluation and checkpoints are scheduled
after the last step in both. Writes ``bench/results/trainer-overhead.json``:
``{"luodi_tokens_per_s", "peft_tokens_per_s", "model", "machine", "date"}``.

    $VENV/bin/python bench/trainer_overhead.py
    $VENV/bin/python bench/trainer_overhead.py --hidden-size 64 --layers 2 --steps 5 --output /tmp/overhead.json
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
TRAINER_DIR = REPO_DIR / "trainer"
TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
LORA_RANK = 8
LORA_ALPHA = 16
LEARNING_RATE = 1e-3


def shared_data_dir() -> Path:
    configured = os.environ.get("LUODI_SHARED_DATA")
    return Path(configured) if configured else REPO_DIR.parent / "shared" / "data"


def build_model(folder: Path, *, hidden_size: int, layers: int, seed: int) -> None:
    """Save a random Llama of the given size with the cached tiny test tokenizer into ``folder``."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    sys.path.insert(0, str(TRAINER_DIR))
    from luodi_runtime.tiny import ensure_cached

    tokenizer = AutoTokenizer.from_pretrained(ensure_cached() / "model", local_files_only=True)
    tokenizer.save_pretrained(folder)
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=layers,
        num_attention_heads=max(1, hidden_size // 64),
        num_key_value_heads=max(1, hidden_size // 128),
        max_position_embeddings=2048,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
    )
    LlamaForCausalLM(config).save_pretrained(folder, safe_serialization=True)


def write_chats(folder: Path) -> dict[str, str]:
    """Write the CrossWOZ chats as train.jsonl and two of them as validation.jsonl."""
    source = shared_data_dir() / "dialogue_zh_crosswoz" / "dialogues_openai_chat_100.jsonl"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    chats = [{"messages": [m for m in row["messages"] if m["role"] != "system"][:4]} for row in rows]
    paths = {}
    for name, selected in (("train", chats), ("validation", chats[:2])):
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(chat, ensure_ascii=False) + "\n" for chat in selected), encoding="utf-8")
        paths[name] = str(path)
    return paths


def luodi_tokens_per_second(folder: Path, *, model: Path, data: dict, settings: dict) -> float:
    """Run the trainer as the worker does and time its steps from the arrival of its events."""
    document = {
        "job_id": "overhead",
        "base_model": str(model),
        "task": "chat_sft",
        "method": "lora",
        "data": data,
        "hyperparameters": {
            "lora_rank": LORA_RANK,
            "lora_alpha": LORA_ALPHA,
            "lora_dropout": 0.0,
            "target_modules": TARGET_MODULES,
            "learning_rate": LEARNING_RATE,
            "max_steps": settings["steps"],
            "batch_size": settings["batch_size"],
            "max_length": settings["max_length"],
            "seed": settings["seed"],
            "eval_steps": settings["steps"] + 1,
            "save_steps": settings["steps"] + 1,
            "precision": "fp32",
        },
        # A fresh folder per run: in the same folder the trainer would resume from the previous run's end.
        "output_dir": tempfile.mkdtemp(prefix="out-", dir=folder),
    }
    spec_path = folder / "spec.json"
    spec_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(TRAINER_DIR), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "luodi_trainer", "train", "--spec", str(spec_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    started_at = None
    last_step_at = None
    final_event = None
    for line in process.stdout:
        event = json.loads(line)
        if event["event"] == "start":
            started_at = time.monotonic()
        elif event["event"] == "step":
            last_step_at = time.monotonic()
        final_event = event
    process.wait()
    if final_event is None or final_event["event"] != "done" or started_at is None or last_step_at is None:
        sys.exit(f"the Luodi job failed: {final_event}")

    checkpoint = Path(document["output_dir"]) / "checkpoints" / f"checkpoint-{settings['steps']}"
    trainer_state = json.loads((checkpoint / "trainer_state.json").read_text())
    return trainer_state["num_input_tokens_seen"] / (last_step_at - started_at)


def plain_peft_tokens_per_second(*, model_path: Path, data: dict, settings: dict) -> float:
    """Train with a hand-written loop: PEFT LoRA, AdamW, linear decay, the same batches' sizes and order source."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(settings["seed"])
    tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True, dtype=torch.float32)
    model = get_peft_model(
        model,
        LoraConfig(r=LORA_RANK, lora_alpha=LORA_ALPHA, lora_dropout=0.0, target_modules=TARGET_MODULES, task_type="CAUSAL_LM"),
    )
    rows = [json.loads(line) for line in Path(data["train"]).read_text(encoding="utf-8").splitlines() if line.strip()]
    encoded = [
        tokenizer.apply_chat_template(row["messages"], tokenize=True, truncation=True, max_length=settings["max_length"], return_dict=True)["input_ids"]
        for row in rows
    ]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE, weight_decay=0.0)
    schedule = get_linear_schedule_with_warmup(optimizer, 0, settings["steps"])
    generator = torch.Generator().manual_seed(settings["seed"])
    model.train()

    tokens = 0
    started = time.monotonic()
    order: list[int] = []
    for _step in range(settings["steps"]):
        if len(order) < settings["batch_size"]:
            order += torch.randperm(len(encoded), generator=generator).tolist()
        batch = [encoded[index] for index in order[: settings["batch_size"]]]
        del order[: settings["batch_size"]]
        longest = max(len(ids) for ids in batch)
        input_ids = torch.tensor([ids + [tokenizer.pad_token_id] * (longest - len(ids)) for ids in batch])
        attention_mask = torch.tensor([[1] * len(ids) + [0] * (longest - len(ids)) for ids in batch])
        labels = input_ids.masked_fill(attention_mask == 0, -100)
        loss = model(input_ids=input_ids, attention_mask=attention_mask, labels=labels).loss
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        # The loss is read every step because the Luodi job logs it every step too.
        loss.item()
        tokens += int(attention_mask.sum())
    return tokens / (time.monotonic() - started)


def describe_machine() -> str:
    import torch

    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
    return f"{platform.platform()}, {os.cpu_count()} CPUs, {device}, torch {torch.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden-size", type=int, default=256, help="hidden size of the random Llama")
    parser.add_argument("--layers", type=int, default=4, help="decoder layers of the random Llama")
    parser.add_argument("--steps", type=int, default=200, help="optimizer steps in each run")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=256, help="tokens per example")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=3, help="turns each side takes; the median speed counts")
    parser.add_argument("--output", type=Path, default=REPO_DIR / "bench" / "results" / "trainer-overhead.json")
    arguments = parser.parse_args()
    settings = {"steps": arguments.steps, "batch_size": arguments.batch_size, "max_length": arguments.max_length, "seed": arguments.seed}

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="luodi-trainer-overhead-") as work:
        folder = Path(work)
        model_path = folder / "model"
        build_model(model_path, hidden_size=arguments.hidden_size, layers=arguments.layers, seed=arguments.seed)
        data = write_chats(folder)
        # The two take turns, so a change in the machine's load during the run falls on both alike. Each
        # speed is the median of its rounds, and the Luodi job runs in a fresh process each time.
        peft_speeds, luodi_speeds = [], []
        for _round in range(arguments.rounds):
            peft_speeds.append(plain_peft_tokens_per_second(model_path=model_path, data=data, settings=settings))
            luodi_speeds.append(luodi_tokens_per_second(folder, model=model_path, data=data, settings=settings))
            print(json.dumps({"round": _round + 1, "peft_tokens_per_s": round(peft_speeds[-1], 1), "luodi_tokens_per_s": round(luodi_speeds[-1], 1)}), flush=True)
        peft_speed = statistics.median(peft_speeds)
        luodi_speed = statistics.median(luodi_speeds)

    record = {
        "luodi_tokens_per_s": round(luodi_speed, 1),
        "peft_tokens_per_s": round(peft_speed, 1),
        "rounds": {"luodi": [round(speed, 1) for speed in luodi_speeds], "peft": [round(speed, 1) for speed in peft_speeds]},
        "model": (
            f"random Llama, hidden {arguments.hidden_size}, {arguments.layers} layers, LoRA rank {LORA_RANK} on "
            f"{len(TARGET_MODULES)} projections; batch {arguments.batch_size}, max length {arguments.max_length}, "
            f"{arguments.steps} steps, fp32, CrossWOZ chats"
        ),
        "machine": describe_machine(),
        "date": datetime.date.today().isoformat(),
    }
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
