"""Runs a fine-tuning job through Luodi's gateway with the official OpenAI Python SDK and prints one JSON
object with what came back.

Run by tests/gateway/fine-tuning-sdk.test.ts with the trainer's virtual environment (openai is pinned in
trainer/requirements-dev.txt). Arguments: the gateway's /v1 base URL, an API key, the base model name and
the JSONL file to upload.
"""

import argparse
import json
import sys
import time

import openai

TERMINAL = {"succeeded", "failed", "cancelled"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--timeout-seconds", type=float, default=240)
    args = parser.parse_args()

    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=300)
    result: dict[str, object] = {"sdk_version": openai.__version__}

    with open(args.file, "rb") as handle:
        uploaded = client.files.create(file=handle, purpose="fine-tune")
    result["file"] = {"id": uploaded.id, "status": uploaded.status, "bytes": uploaded.bytes}

    # Luodi accepts its own hyperparameters beside OpenAI's; extra_body carries them past the SDK's types.
    job = client.fine_tuning.jobs.create(
        model=args.model,
        training_file=uploaded.id,
        hyperparameters={"n_epochs": 1, "batch_size": 2, "learning_rate_multiplier": 25},
        seed=11,
        extra_body={"hyperparameters": {"n_epochs": 1, "batch_size": 2, "learning_rate_multiplier": 25, "lora_rank": 4, "lora_alpha": 8, "max_length": 192}},
    )
    result["created"] = {"id": job.id, "status": job.status, "model": job.model, "training_file": job.training_file, "seed": job.seed}

    deadline = time.monotonic() + args.timeout_seconds
    while job.status not in TERMINAL and time.monotonic() < deadline:
        time.sleep(0.5)
        job = client.fine_tuning.jobs.retrieve(job.id)
    result["retrieved"] = {"status": job.status, "fine_tuned_model": job.fine_tuned_model, "error": job.error.model_dump() if job.error else None}

    events = client.fine_tuning.jobs.list_events(fine_tuning_job_id=job.id, limit=100)
    result["events"] = {
        "count": len(events.data),
        "objects": sorted({event.object for event in events.data}),
        "metrics_steps": sorted(event.data["step"] for event in events.data if event.type == "metrics" and isinstance(event.data, dict) and "train_loss" in event.data),
    }

    try:
        client.fine_tuning.jobs.retrieve("ftjob-doesnotexist")
        result["not_found"] = None
    except openai.NotFoundError as error:
        result["not_found"] = {"status": error.status_code, "code": error.code}

    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
