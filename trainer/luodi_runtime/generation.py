"""Turn a ChatRequest into tokens: prompt rendering, stop sequences and incremental text deltas."""

import queue
import threading
from dataclasses import dataclass
from typing import Any

from .loading import LoadedModel
from .validation import ApiError, ChatRequest

# Plain-text layout used when the tokenizer has no chat template.
FALLBACK_ROLE_LABELS = {"system": "System", "user": "User", "assistant": "Assistant"}


def render_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> list[int]:
    """Return the prompt's token ids: the tokenizer's chat template, or a plain role-labelled layout."""
    if getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        # The template writes special tokens such as BOS itself.
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    lines = [f"{FALLBACK_ROLE_LABELS[message['role']]}: {message['content']}" for message in messages]
    text = "\n\n".join(lines) + "\n\nAssistant:"
    return tokenizer(text, add_special_tokens=True)["input_ids"]


def held_back_length(text: str, stops: list[str]) -> int:
    """Return how many trailing characters of ``text`` could still grow into a stop sequence."""
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:size]):
                longest = size
                break
    return longest


@dataclass
class StreamState:
    """Tokens and text the streamer has produced so far."""

    token_ids: list[int]
    emitted: str = ""
    stopped_by_sequence: bool = False
    saw_eos: bool = False


class DeltaStreamer:
    """A ``generate`` streamer that turns new token ids into text deltas on a queue.

    It holds back text that may be the start of a stop sequence, and a trailing U+FFFD that means a
    multi-byte character is split across tokens, so no delta ever has to be taken back. The queue
    receives strings, then None at the end.
    """

    def __init__(self, tokenizer: Any, *, stops: list[str], eos_token_ids: frozenset[int]) -> None:
        self.tokenizer = tokenizer
        self.stops = stops
        self.eos_token_ids = eos_token_ids
        self.state = StreamState(token_ids=[])
        self.deltas: "queue.Queue[str | None]" = queue.Queue()
        self.cancelled = threading.Event()
        self.prompt_skipped = False

    def put(self, value: Any) -> None:
        """Receive token ids from ``generate``; the first call carries the prompt, which is skipped."""
        if not self.prompt_skipped:
            self.prompt_skipped = True
            return
        if self.state.stopped_by_sequence or self.state.saw_eos:
            return
        new_ids = [int(token) for token in value.reshape(-1).tolist()]
        self.state.token_ids.extend(new_ids)
        if any(token in self.eos_token_ids for token in new_ids):
            self.state.saw_eos = True
        self.advance(final=False)

    def end(self) -> None:
        """Flush the remaining text and close the queue."""
        self.advance(final=True)
        self.deltas.put(None)

    def should_stop(self) -> bool:
        """Return True once a stop sequence appeared or the client went away."""
        return self.state.stopped_by_sequence or self.cancelled.is_set()

    def advance(self, *, final: bool) -> None:
        """Decode everything generated so far and queue the part that is safe to send."""
        # NOTE: decoding the whole completion per token is quadratic in its length. That is cheap for
        # the completion lengths a CPU runtime serves, but a cost to revisit for long outputs.
        text = self.tokenizer.decode(
            self.state.token_ids, skip_special_tokens=True, clean_up_tokenization_spaces=False
        )
        cut = min((index for index in (text.find(stop) for stop in self.stops) if index >= 0), default=-1)
        if cut >= 0:
            text = text[:cut]
            self.state.stopped_by_sequence = True
            final = True

        if not final:
            text = text.rstrip("\ufffd")
            text = text[: len(text) - held_back_length(text, self.stops)]

        if len(text) > len(self.state.emitted):
            self.deltas.put(text[len(self.state.emitted) :])
            self.state.emitted = text

    @property
    def finish_reason(self) -> str:
        """Return OpenAI's finish_reason: ``stop`` for EOS or a stop sequence, ``length`` otherwise."""
        return "stop" if self.state.stopped_by_sequence or self.state.saw_eos else "length"

    @property
    def completion_tokens(self) -> int:
        """Return the number of generated tokens, the EOS token included."""
        return len(self.state.token_ids)


def check_prompt_fits(prompt_length: int, request: ChatRequest, loaded: LoadedModel) -> int:
    """Return the completion budget, raising ApiError when the prompt leaves no room in the context."""
    room = loaded.context_length - prompt_length
    if room < 1:
        raise ApiError(
            400,
            f"the prompt is {prompt_length} tokens, but this model's context length is {loaded.context_length}; "
            "shorten the messages",
            param="messages",
            code="context_length_exceeded",
        )
    return min(request.max_tokens, room)


def generate_into(loaded: LoadedModel, prompt_ids: list[int], request: ChatRequest, max_new_tokens: int,
                  streamer: DeltaStreamer) -> None:
    """Run ``generate`` to completion, sending text through ``streamer``. Call it from one thread at a time."""
    import torch
    from transformers import GenerationConfig, StoppingCriteria, StoppingCriteriaList

    class StopWhenStreamerSays(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.full((input_ids.shape[0],), streamer.should_stop(), dtype=torch.bool, device=input_ids.device)

    greedy = request.temperature == 0
    config = GenerationConfig(
        max_new_tokens=max_new_tokens,
        do_sample=not greedy,
        temperature=None if greedy else request.temperature,
        # top_p of 0 would keep no token; the closest meaning is "only the most likely token".
        top_p=None if greedy else max(request.top_p, 1e-6),
        top_k=None,
        eos_token_id=sorted(loaded.eos_token_ids) or None,
        pad_token_id=loaded.tokenizer.pad_token_id
        if loaded.tokenizer.pad_token_id is not None
        else next(iter(loaded.eos_token_ids), None),
    )
    if request.seed is not None:
        torch.manual_seed(request.seed)

    input_ids = torch.tensor([prompt_ids], dtype=torch.long, device=loaded.device)
    with torch.inference_mode():
        loaded.model.generate(
            input_ids=input_ids,
            attention_mask=torch.ones_like(input_ids),
            generation_config=config,
            streamer=streamer,
            stopping_criteria=StoppingCriteriaList([StopWhenStreamerSays()]),
        )
