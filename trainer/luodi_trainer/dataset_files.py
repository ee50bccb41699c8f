"""Read and check the JSONL splits of a dataset version.

Chat rows are ``{"messages": [{"role": ..., "content": ...}, ...]}`` with at least one assistant message.
Classification rows are ``{"text": ..., "label": ...}`` with a label from the spec's label list. Other
keys in a row are ignored. Blank lines are skipped; line numbers count from 1 and include them.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import TrainerError, invalid_spec
from .spec import JobSpec

CHAT_ROLES = ("system", "user", "assistant")


@dataclass(frozen=True, kw_only=True)
class ChatRow:
    messages: list[dict[str, str]]
    line: int


@dataclass(frozen=True, kw_only=True)
class ClassificationRow:
    text: str
    label: int
    line: int


@dataclass(frozen=True, kw_only=True)
class DatasetSplits:
    """The rows of each split; ``test`` is empty when the dataset version has no test split."""

    train: list
    validation: list
    test: list

    def row_counts(self) -> dict[str, int]:
        return {"train": len(self.train), "validation": len(self.validation), "test": len(self.test)}


def bad_row(path: Path, line: int, problem: str) -> TrainerError:
    """Build the ``bad_row`` error for one line of a dataset file."""
    return TrainerError(
        "bad_row", f"{path.name} line {line}: {problem}; fix or remove the row", file=str(path), line=line
    )


def parse_chat_row(record: object, path: Path, line: int) -> ChatRow:
    """Check one decoded chat row and return it with only the role and content of each message."""
    messages = record.get("messages") if isinstance(record, dict) else None
    if not isinstance(messages, list) or not messages:
        raise bad_row(path, line, 'a chat_sft row needs a non-empty "messages" list (is this a classification file?)')

    cleaned = []
    for position, message in enumerate(messages):
        if not isinstance(message, dict):
            raise bad_row(path, line, f"message {position} is not an object")
        role = message.get("role")
        content = message.get("content")
        if role not in CHAT_ROLES:
            raise bad_row(path, line, f"message {position} has role {role!r}; expected one of {', '.join(CHAT_ROLES)}")
        if not isinstance(content, str):
            raise bad_row(path, line, f"message {position} has no text content")
        cleaned.append({"role": role, "content": content})

    if not any(message["role"] == "assistant" for message in cleaned):
        raise bad_row(path, line, "the row has no assistant message to learn from")
    return ChatRow(messages=cleaned, line=line)


def parse_classification_row(record: object, path: Path, line: int, label_ids: dict[str, int]) -> ClassificationRow:
    """Check one decoded classification row and return it with its label as an index."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise bad_row(path, line, 'a seq_classification row needs a "text" string (is this a chat file?)')
    text = record["text"]
    if not text.strip():
        raise bad_row(path, line, '"text" is empty')
    label = record.get("label")
    if label not in label_ids:
        raise bad_row(path, line, f"label {label!r} is not in the spec's labels")
    return ClassificationRow(text=text, label=label_ids[label], line=line)


def read_split(path: Path, *, spec: JobSpec, field: str) -> list:
    """Read every row of one split file, raising ``bad_row`` at the first row that does not fit the task."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise invalid_spec(field, f"cannot read {path}: {error.strerror}") from error

    label_ids = {label: index for index, label in enumerate(spec.labels or [])}
    rows = []
    with handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                raise bad_row(path, line, f"not valid JSON ({error.msg})") from error
            if spec.task == "chat_sft":
                rows.append(parse_chat_row(record, path, line))
            else:
                rows.append(parse_classification_row(record, path, line, label_ids))
    return rows


def read_dataset(spec: JobSpec) -> DatasetSplits:
    """Read the train, validation and optional test splits of ``spec``; train and validation need rows."""
    train = read_split(spec.data.train, spec=spec, field="data.train")
    if not train:
        raise invalid_spec("data.train", f"{spec.data.train} has no rows")
    validation = read_split(spec.data.validation, spec=spec, field="data.validation")
    if not validation:
        raise invalid_spec(
            "data.validation",
            f"{spec.data.validation} has no rows; the dataset version needs a validation split "
            "to evaluate during training",
        )
    test = read_split(spec.data.test, spec=spec, field="data.test") if spec.data.test is not None else []
    return DatasetSplits(train=train, validation=validation, test=test)
