"""Before/after evaluation on the test split.

Classification compares the zero-shot base (nearest label-name embedding) with the tuned classifier.
Chat SFT compares the base and tuned models on greedy replies to each chat's last user turn and on the
perplexity of all assistant tokens.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .chat_encoding import IGNORE_INDEX, encode_chat, render, split_for_generation
from .dataset_files import ChatRow, ClassificationRow
from .metrics import accuracy, exact_match, macro_f1, perplexity, rouge_l_chars
from .spec import EvaluationSettings


@dataclass(frozen=True, kw_only=True)
class Scoring:
    """Inputs shared by every scoring function, besides the model and the rows."""

    tokenizer: Any
    settings: EvaluationSettings
    # Tokens per example, as in training.
    max_length: int
    # Raises the cancelled TrainerError once the job was asked to stop; called before each batch.
    check_cancelled: Callable[[], None]
    # The training data collator (pads chat labels with the ignore index); None for classification.
    collator: Any = None
    # The test file, named in bad_row errors.
    path: str = ""


def model_device(model):
    return next(model.parameters()).device


def batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tokenize_texts(scoring: Scoring, texts: list[str], device) -> dict:
    inputs = scoring.tokenizer(texts, padding=True, truncation=True, max_length=scoring.max_length, return_tensors="pt")
    return {key: value.to(device) for key, value in inputs.items() if key in ("input_ids", "attention_mask")}


def mean_pooled_embeddings(encoder, texts: list[str], scoring: Scoring):
    """Return L2-normalised mean-pooled last hidden states of ``texts``, padding positions excluded."""
    import torch

    device = model_device(encoder)
    pooled = []
    with torch.no_grad():
        for chunk in batches(texts, scoring.settings.batch_size):
            scoring.check_cancelled()
            inputs = tokenize_texts(scoring, chunk, device)
            hidden = encoder(**inputs).last_hidden_state.float()
            mask = inputs["attention_mask"].unsqueeze(-1).float()
            mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            pooled.append(torch.nn.functional.normalize(mean, dim=-1))
    return torch.cat(pooled)


def classification_scores(predictions: list[int], rows: list[ClassificationRow], num_labels: int) -> dict:
    references = [row.label for row in rows]
    return {
        "accuracy": accuracy(predictions, references),
        "macro_f1": macro_f1(predictions, references, num_labels=num_labels),
    }


def zero_shot_classification(model, rows: list[ClassificationRow], labels: list[str], scoring: Scoring) -> dict:
    """Score the base encoder by giving each text the label whose name embeds nearest (cosine similarity)."""
    encoder = model.base_model
    text_vectors = mean_pooled_embeddings(encoder, [row.text for row in rows], scoring)
    label_vectors = mean_pooled_embeddings(encoder, labels, scoring)
    predictions = (text_vectors @ label_vectors.T).argmax(dim=-1).tolist()
    return classification_scores(predictions, rows, len(labels))


def tuned_classification(model, rows: list[ClassificationRow], num_labels: int, scoring: Scoring) -> dict:
    """Score the trained classifier by the argmax of its logits."""
    import torch

    device = model_device(model)
    predictions = []
    model.eval()
    with torch.no_grad():
        for chunk in batches(rows, scoring.settings.batch_size):
            scoring.check_cancelled()
            inputs = tokenize_texts(scoring, [row.text for row in chunk], device)
            predictions.extend(model(**inputs).logits.argmax(dim=-1).tolist())
    return classification_scores(predictions, rows, num_labels)


def assistant_perplexity(model, rows: list[ChatRow], scoring: Scoring) -> float | None:
    """Return the perplexity of the assistant tokens of ``rows`` (the training loss, exponentiated)."""
    import torch

    device = model_device(model)
    examples = [encode_chat(scoring.tokenizer, row, max_length=scoring.max_length, path=scoring.path) for row in rows]
    examples = [example for example in examples if example is not None]
    total_nll = 0.0
    total_tokens = 0
    model.eval()
    with torch.no_grad():
        for chunk in batches(examples, scoring.settings.batch_size):
            scoring.check_cancelled()
            batch = {key: value.to(device) for key, value in scoring.collator(chunk).items()}
            # The model's loss is the mean over predicted tokens: every label after the first that is not ignored.
            predicted_tokens = int((batch["labels"][:, 1:] != IGNORE_INDEX).sum())
            total_nll += model(**batch).loss.float().item() * predicted_tokens
            total_tokens += predicted_tokens
    return perplexity(total_nll, total_tokens)


def generate_answers(model, prompts: list[list[dict]], scoring: Scoring) -> list[str]:
    """Generate a greedy answer to each conversation, keeping the newest prompt tokens when it is too long."""
    import torch

    tokenizer = scoring.tokenizer
    settings = scoring.settings
    device = model_device(model)
    prompt_budget = max(1, scoring.max_length - settings.max_new_tokens)
    previous_sides = (tokenizer.padding_side, tokenizer.truncation_side)
    # Decoder-only models continue from the last position, so prompts are padded and cut on the left.
    tokenizer.padding_side = "left"
    tokenizer.truncation_side = "left"
    answers = []
    model.eval()
    try:
        with torch.no_grad():
            for chunk in batches(prompts, settings.batch_size):
                scoring.check_cancelled()
                texts = [render(tokenizer, messages, add_generation_prompt=True) for messages in chunk]
                inputs = tokenizer(
                    texts,
                    add_special_tokens=False,
                    padding=True,
                    truncation=True,
                    max_length=prompt_budget,
                    return_tensors="pt",
                ).to(device)
                output = model.generate(
                    input_ids=inputs["input_ids"],
                    attention_mask=inputs["attention_mask"],
                    max_new_tokens=settings.max_new_tokens,
                    do_sample=False,
                    pad_token_id=tokenizer.pad_token_id,
                    eos_token_id=tokenizer.eos_token_id,
                )
                new_tokens = output[:, inputs["input_ids"].shape[1] :]
                answers.extend(tokenizer.batch_decode(new_tokens, skip_special_tokens=True))
    finally:
        tokenizer.padding_side, tokenizer.truncation_side = previous_sides
    return answers


def chat_scores(model, rows: list[ChatRow], scoring: Scoring) -> dict:
    """Score greedy replies by exact match and character ROUGE-L, and assistant tokens by perplexity.

    Rows whose first message is the assistant's have no prompt to reply to, so they count only in perplexity.
    """
    pairs = [split_for_generation(row.messages) for row in rows]
    pairs = [(prompt, reference) for prompt, reference in pairs if prompt]
    answers = generate_answers(model, [prompt for prompt, _ in pairs], scoring)
    references = [reference for _, reference in pairs]
    count = max(1, len(references))
    return {
        "exact_match": sum(exact_match(a, r) for a, r in zip(answers, references, strict=True)) / count,
        "rouge_l": sum(rouge_l_chars(a, r) for a, r in zip(answers, references, strict=True)) / count,
        "perplexity": assistant_perplexity(model, rows, scoring),
    }
