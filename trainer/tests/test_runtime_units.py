"""The runtime's pure parts: request validation, prompt rendering, stop handling and the tiny-model cache."""

from pathlib import Path

import pytest
import torch

from luodi_runtime.generation import DeltaStreamer, held_back_length, render_prompt
from luodi_runtime.tiny import builder_hash, ensure_cached
from luodi_runtime.validation import ApiError, Limits, parse_chat_request

LIMITS = Limits(served_model="tiny", default_max_tokens=32, max_tokens_limit=64)


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(ensure_cached() / "model", local_files_only=True)


def test_request_defaults_apply():
    request = parse_chat_request({"model": "tiny", "messages": [{"role": "user", "content": "hi"}]}, LIMITS)

    assert request.max_tokens == 32
    assert request.temperature == 1.0
    assert request.top_p == 1.0
    assert request.stop == []
    assert request.stream is False
    assert request.include_usage is False


def test_request_joins_text_parts_and_maps_developer():
    body = {
        "model": "tiny",
        "messages": [
            {"role": "developer", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hello, "}, {"type": "text", "text": "world"}]},
            {"role": "assistant", "content": None},
        ],
        "max_completion_tokens": 5,
        "stop": "END",
    }

    request = parse_chat_request(body, LIMITS)

    assert request.messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hello, world"},
        {"role": "assistant", "content": ""},
    ]
    assert request.max_tokens == 5
    assert request.stop == ["END"]


def test_request_without_model_is_rejected():
    with pytest.raises(ApiError) as caught:
        parse_chat_request({"messages": [{"role": "user", "content": "hi"}]}, LIMITS)

    assert caught.value.status == 400
    assert caught.value.param == "model"


def test_boolean_is_not_a_number():
    with pytest.raises(ApiError) as caught:
        parse_chat_request({"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "max_tokens": True}, LIMITS)

    assert caught.value.param == "max_tokens"


@pytest.mark.parametrize(
    ("text", "stops", "expected"),
    [
        ("hello wor", ["world"], 3),
        ("hello", ["world"], 0),
        ("abcab", ["abcd", "bx"], 2),
        ("x", ["xyz"], 1),
        ("any", [], 0),
    ],
)
def test_held_back_length(text: str, stops: list[str], expected: int):
    assert held_back_length(text, stops) == expected


def test_chat_template_renders_roles(tokenizer):
    ids = render_prompt(tokenizer, [{"role": "user", "content": "Hello"}])

    text = tokenizer.decode(ids)
    assert text.startswith("<|user|>")
    assert text.endswith("<|assistant|>\n")


def test_fallback_prompt_without_chat_template(tokenizer):
    template = tokenizer.chat_template
    tokenizer.chat_template = None
    try:
        ids = render_prompt(tokenizer, [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}])
    finally:
        tokenizer.chat_template = template

    assert tokenizer.decode(ids) == "System: Be brief.\n\nUser: Hello\n\nAssistant:"


def feed(streamer: DeltaStreamer, tokenizer, text: str) -> list[str]:
    """Feed ``text`` token by token, as ``generate`` does after the prompt, and return the queued deltas."""
    streamer.put(torch.tensor([[0]]))
    for token in tokenizer(text, add_special_tokens=False)["input_ids"]:
        if streamer.should_stop():
            break
        streamer.put(torch.tensor([token]))
    streamer.end()
    deltas = []
    while (delta := streamer.deltas.get()) is not None:
        deltas.append(delta)
    return deltas


def test_streamer_cuts_at_stop_sequence(tokenizer):
    streamer = DeltaStreamer(tokenizer, stops=["Paris"], eos_token_ids=frozenset({tokenizer.eos_token_id}))

    deltas = feed(streamer, tokenizer, "The capital of France is Paris. More text")

    assert "".join(deltas) == "The capital of France is "
    assert all("P" not in delta for delta in deltas)
    assert streamer.finish_reason == "stop"


def test_streamer_never_splits_multibyte_characters(tokenizer):
    streamer = DeltaStreamer(tokenizer, stops=[], eos_token_ids=frozenset({tokenizer.eos_token_id}))

    # Characters outside the training corpus are encoded as one token per UTF-8 byte.
    text = "落地鲸鱼"
    assert len(tokenizer(text, add_special_tokens=False)["input_ids"]) > len(text)

    deltas = feed(streamer, tokenizer, text)

    assert "".join(deltas) == text
    assert all("\ufffd" not in delta for delta in deltas)
    assert streamer.finish_reason == "length"


def test_streamer_reports_eos_as_stop(tokenizer):
    streamer = DeltaStreamer(tokenizer, stops=[], eos_token_ids=frozenset({tokenizer.eos_token_id}))

    deltas = feed(streamer, tokenizer, "Hello<|end|>")

    assert "".join(deltas) == "Hello"
    assert streamer.finish_reason == "stop"
    assert streamer.completion_tokens == len(tokenizer("Hello<|end|>", add_special_tokens=False)["input_ids"])


def test_tiny_cache_is_keyed_by_builder_hash(tmp_path: Path):
    first = ensure_cached(tmp_path)
    modified = (first / "model" / "config.json").stat().st_mtime_ns

    second = ensure_cached(tmp_path)

    assert first == second == tmp_path / builder_hash()
    assert (second / "model" / "config.json").stat().st_mtime_ns == modified
    assert (second / "adapter" / "adapter_model.safetensors").is_file()
    assert [path.name for path in tmp_path.iterdir()] == [builder_hash()]
