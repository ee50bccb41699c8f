"""Evaluation metrics as pure functions over Python values."""

import math


def accuracy(predictions: list[int], references: list[int]) -> float:
    """Return the share of predictions equal to their reference."""
    if not references:
        return 0.0
    return sum(p == r for p, r in zip(predictions, references, strict=True)) / len(references)


def macro_f1(predictions: list[int], references: list[int], *, num_labels: int) -> float:
    """Return the unweighted mean of per-label F1 over the labels that occur in predictions or references.

    Labels absent from both would score 0/0; leaving them out is what scikit-learn's ``f1_score`` with
    ``average="macro"`` does when given only the observed labels.
    """
    scores = []
    for label in range(num_labels):
        true_positive = sum(p == label and r == label for p, r in zip(predictions, references, strict=True))
        predicted = sum(p == label for p in predictions)
        actual = sum(r == label for r in references)
        if predicted == 0 and actual == 0:
            continue
        scores.append(2 * true_positive / (predicted + actual))
    return sum(scores) / len(scores) if scores else 0.0


def exact_match(prediction: str, reference: str) -> bool:
    """Return True when the texts are equal after trimming surrounding whitespace."""
    return prediction.strip() == reference.strip()


def longest_common_subsequence(first: str, second: str) -> int:
    """Return the length of the longest common subsequence of two strings, in O(len*len) time."""
    if not first or not second:
        return 0
    previous = [0] * (len(second) + 1)
    for char in first:
        current = [0]
        for index, other in enumerate(second, start=1):
            current.append(previous[index - 1] + 1 if char == other else max(previous[index], current[index - 1]))
        previous = current
    return previous[-1]


def rouge_l_chars(prediction: str, reference: str) -> float:
    """Return ROUGE-L F1 over characters, whitespace removed.

    Chinese has no spaces between words, so word-level ROUGE would count a whole sentence as one word;
    characters are the unit Chinese evaluations use.
    """
    predicted = "".join(prediction.split())
    expected = "".join(reference.split())
    common = longest_common_subsequence(predicted, expected)
    if common == 0:
        return 0.0
    precision = common / len(predicted)
    recall = common / len(expected)
    return 2 * precision * recall / (precision + recall)


def perplexity(total_negative_log_likelihood: float, token_count: int) -> float | None:
    """Return exp(mean negative log-likelihood per token); None when no tokens were scored or it overflows."""
    if token_count == 0:
        return None
    mean = total_negative_log_likelihood / token_count
    if mean > 700:
        # math.exp overflows a float above about 709.
        return None
    return math.exp(mean)
