"""Calls Luodi's gateway with the official OpenAI Python SDK and prints one JSON object with what came back.

Run by tests/gateway/python-sdk.test.ts with the trainer's virtual environment (openai is pinned in
trainer/requirements-dev.txt). Arguments: the gateway's /v1 base URL, an API key and the deployment names.
"""

import argparse
import json
import sys

import openai


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--chat-model", required=True)
    parser.add_argument("--embedding-model", required=True)
    args = parser.parse_args()

    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0)
    result: dict[str, object] = {"sdk_version": openai.__version__}

    completion = client.chat.completions.create(
        model=args.chat_model,
        messages=[{"role": "user", "content": "Hello from Python"}],
    )
    result["chat"] = {
        "model": completion.model,
        "content": completion.choices[0].message.content,
        "prompt_tokens": completion.usage.prompt_tokens if completion.usage else None,
    }

    streamed = ""
    stream_models: set[str] = set()
    usage_tokens = None
    stream = client.chat.completions.create(
        model=args.chat_model,
        messages=[{"role": "user", "content": "Stream from Python"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    for chunk in stream:
        stream_models.add(chunk.model)
        if chunk.choices and chunk.choices[0].delta.content:
            streamed += chunk.choices[0].delta.content
        if chunk.usage:
            usage_tokens = chunk.usage.completion_tokens
    result["stream"] = {"content": streamed, "models": sorted(stream_models), "completion_tokens": usage_tokens}

    embeddings = client.embeddings.create(model=args.embedding_model, input=["one", "two"])
    result["embeddings"] = {
        "model": embeddings.model,
        "count": len(embeddings.data),
        "dimensions": len(embeddings.data[0].embedding),
    }

    result["models"] = sorted(model.id for model in client.models.list())

    try:
        client.chat.completions.create(model="no-such-deployment", messages=[{"role": "user", "content": "hi"}])
        result["not_found"] = None
    except openai.NotFoundError as error:
        result["not_found"] = {"status": error.status_code, "code": error.code}

    stranger = openai.OpenAI(base_url=args.base_url, api_key="lk-" + "A" * 43, max_retries=0)
    try:
        stranger.models.list()
        result["unauthenticated"] = None
    except openai.AuthenticationError as error:
        result["unauthenticated"] = {"status": error.status_code, "code": error.code}

    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
