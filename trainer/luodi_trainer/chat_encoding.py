"""Turn chat rows into token ids with the loss masked to the assistant's tokens."""

from dataclasses import dataclass

from jinja2 import TemplateError

from .dataset_files import ChatRow
from .errors import TrainerError

# Label value that PyTorch's cross-entropy (and so every transformers model) ignores.
IGNORE_INDEX = -100

# Used only when the tokenizer ships no chat template. The end-of-sequence token closes each message,
# so the model learns to stop after its reply.
FALLBACK_CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}"
    "{{ eos_token if eos_token else '' }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


@dataclass(frozen=True, kw_only=True)
class EncodedChats:
    """Encoded rows plus what was dropped: rows whose assistant tokens were all cut by truncation."""

    examples: list[dict[str, list[int]]]
    dropped_lines: list[int]


def prepare_chat_tokenizer(tokenizer) -> bool:
    """Give ``tokenizer`` a chat template and a padding token when it lacks them.

    Returns True when the fallback template was installed, so the caller can tell the user.
    """
    if tokenizer.pad_token is None:
        # Padding positions are masked out of attention and loss, so reusing EOS changes no result.
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    if tokenizer.chat_template:
        return False
    tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    return True


def render(tokenizer, messages: list[dict[str, str]], *, add_generation_prompt: bool) -> str:
    """Render ``messages`` to text with the tokenizer's chat template."""
    return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)


def assistant_spans(tokenizer, messages: list[dict[str, str]], full_text: str) -> list[tuple[int, int]]:
    """Return the character ranges of ``full_text`` that the assistant wrote, end-of-turn markers included.

    Each assistant turn starts where the conversation before it, rendered with the generation prompt,
    ends, and stops where the conversation up to it ends. Templates that rewrite earlier turns (some
    drop past reasoning) break that prefix property; then each reply is found by its content instead.
    """
    spans = []
    search_from = 0
    for index, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = render(tokenizer, messages[:index], add_generation_prompt=True) if index else ""
        through = render(tokenizer, messages[: index + 1], add_generation_prompt=False)
        if full_text.startswith(through) and through.startswith(before) and len(before) < len(through):
            spans.append((len(before), len(through)))
            search_from = len(through)
            continue

        start = full_text.find(message["content"], search_from)
        if start < 0:
            continue
        end = start + len(message["content"])
        spans.append((start, end))
        search_from = end
    return spans


def encode_chat(tokenizer, row: ChatRow, *, max_length: int, path: str) -> dict[str, list[int]] | None:
    """Tokenize one chat and label only assistant tokens; None when truncation leaves none of them."""
    try:
        full_text = render(tokenizer, row.messages, add_generation_prompt=False)
        spans = assistant_spans(tokenizer, row.messages, full_text)
    except TemplateError as error:
        raise TrainerError(
            "bad_row",
            f"line {row.line} cannot be rendered with the model's chat template: {error}; fix or remove the row",
            file=path,
            line=row.line,
        ) from error

    encoding = tokenizer(
        full_text,
        add_special_tokens=False,
        truncation=True,
        max_length=max_length,
        return_offsets_mapping=True,
    )
    labels = []
    for token_id, (start, _end) in zip(encoding["input_ids"], encoding["offset_mapping"], strict=True):
        in_answer = any(span_start <= start < span_end for span_start, span_end in spans)
        labels.append(token_id if in_answer else IGNORE_INDEX)

    if all(label == IGNORE_INDEX for label in labels):
        return None
    return {"input_ids": encoding["input_ids"], "attention_mask": encoding["attention_mask"], "labels": labels}


def encode_chats(tokenizer, rows: list[ChatRow], *, max_length: int, path: str) -> EncodedChats:
    """Encode every row of one split."""
    examples = []
    dropped = []
    for row in rows:
        example = encode_chat(tokenizer, row, max_length=max_length, path=path)
        if example is None:
            dropped.append(row.line)
        else:
            examples.append(example)
    return EncodedChats(examples=examples, dropped_lines=dropped)


def split_for_generation(messages: list[dict[str, str]]) -> tuple[list[dict[str, str]], str]:
    """Split a chat into the conversation before its last assistant turn and that turn's text."""
    last = max(index for index, message in enumerate(messages) if message["role"] == "assistant")
    return messages[:last], messages[last]["content"]
