"""Pure parts of the trainer: metrics, loss masking, checkpoint publishing, artifacts and error mapping."""

import hashlib
import json
import math

import pytest

from luodi_trainer.artifacts import describe_artifact
from luodi_trainer.chat_encoding import IGNORE_INDEX, encode_chat, prepare_chat_tokenizer
from luodi_trainer.checkpoints import delete_old_checkpoints, newest_checkpoint, publish_checkpoint, staging_dir
from luodi_trainer.dataset_files import ChatRow
from luodi_trainer.errors import TrainerError
from luodi_trainer.failures import error_event
from luodi_trainer.metrics import accuracy, exact_match, macro_f1, perplexity, rouge_l_chars


def test_accuracy_and_macro_f1():
    predictions = [0, 0, 1, 2]
    references = [0, 1, 1, 2]

    assert accuracy(predictions, references) == 0.75
    # Per label F1: label 0 = 2/3, label 1 = 2/3, label 2 = 1; label 3 never occurs and is left out.
    assert macro_f1(predictions, references, num_labels=4) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_rouge_l_counts_chinese_characters():
    assert rouge_l_chars("评分是4.5分", "评分是4.5分") == 1.0
    # Common subsequence 评分4分 (4 characters) of 5 predicted and 6 expected characters.
    assert rouge_l_chars("评分是4分", "它的评分4分") == pytest.approx(2 * (4 / 5) * (4 / 6) / (4 / 5 + 4 / 6))
    assert rouge_l_chars("", "评分") == 0.0
    assert rouge_l_chars("评 分", "评分") == 1.0


def test_exact_match_and_perplexity():
    assert exact_match(" 好的。\n", "好的。")
    assert not exact_match("好的", "好的。")
    assert perplexity(math.log(4) * 10, 10) == pytest.approx(4.0)
    assert perplexity(1.0, 0) is None
    assert perplexity(1e6, 1) is None


@pytest.fixture(scope="module")
def llama_tokenizer(tiny_llama):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_llama, local_files_only=True)


def labelled_text(tokenizer, example) -> str:
    ids = [token for token, label in zip(example["input_ids"], example["labels"], strict=True) if label != IGNORE_INDEX]
    return tokenizer.decode(ids)


def test_loss_is_masked_to_assistant_tokens(llama_tokenizer):
    messages = [
        {"role": "system", "content": "你是助手。"},
        {"role": "user", "content": "你好"},
        {"role": "assistant", "content": "您好！"},
        {"role": "user", "content": "谢谢"},
        {"role": "assistant", "content": "不客气。"},
    ]

    example = encode_chat(llama_tokenizer, ChatRow(messages=messages, line=1), max_length=512, path="train.jsonl")

    assert labelled_text(llama_tokenizer, example) == "您好！<|end|>\n不客气。<|end|>\n"
    assert len(example["input_ids"]) == len(example["labels"]) == len(example["attention_mask"])


def test_truncation_that_cuts_every_answer_drops_the_row(llama_tokenizer):
    messages = [{"role": "user", "content": "你好" * 50}, {"role": "assistant", "content": "您好"}]

    example = encode_chat(llama_tokenizer, ChatRow(messages=messages, line=3), max_length=16, path="train.jsonl")

    assert example is None


def test_fallback_template_masks_answers(tiny_qwen2):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_qwen2, local_files_only=True)
    assert prepare_chat_tokenizer(tokenizer) is True
    messages = [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "您好"}]

    example = encode_chat(tokenizer, ChatRow(messages=messages, line=1), max_length=64, path="train.jsonl")

    assert labelled_text(tokenizer, example) == "您好<|im_end|>\n"
    assert prepare_chat_tokenizer(tokenizer) is False


def stage_checkpoint(output_dir, step: int) -> None:
    folder = staging_dir(output_dir) / f"checkpoint-{step}"
    folder.mkdir(parents=True)
    (folder / "trainer_state.json").write_text(json.dumps({"global_step": step}))


def test_checkpoints_publish_and_rotate(tmp_path):
    for step in (2, 4, 6):
        stage_checkpoint(tmp_path, step)
        publish_checkpoint(tmp_path, step)
    # A folder without trainer_state.json is not a checkpoint.
    (tmp_path / "checkpoints" / "checkpoint-8").mkdir()

    assert newest_checkpoint(tmp_path) == tmp_path / "checkpoints" / "checkpoint-6"
    delete_old_checkpoints(tmp_path, keep=2)
    assert not (tmp_path / "checkpoints" / "checkpoint-2").exists()
    assert (tmp_path / "checkpoints" / "checkpoint-4").is_dir()
    assert not (staging_dir(tmp_path) / "checkpoint-6").exists()


def test_folder_artifact_hashes_its_manifest(tmp_path):
    (tmp_path / "adapter").mkdir()
    (tmp_path / "adapter" / "b.json").write_text("{}")
    (tmp_path / "adapter" / "a.bin").write_bytes(b"\x00\x01")

    artifact = describe_artifact("adapter", tmp_path / "adapter")

    digests = {name: hashlib.sha256(data).hexdigest() for name, data in (("a.bin", b"\x00\x01"), ("b.json", b"{}"))}
    manifest = f"{digests['a.bin']}  a.bin\n{digests['b.json']}  b.json\n"
    assert artifact.sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    assert artifact.size_bytes == 4
    assert [file.path for file in artifact.files] == ["a.bin", "b.json"]


def test_errors_map_to_codes():
    import torch

    bad_row = error_event(TrainerError("bad_row", "x", file="t.jsonl", line=3), last_good_checkpoint=None)
    oom = error_event(torch.OutOfMemoryError("CUDA out of memory"), last_good_checkpoint="/out/checkpoints/checkpoint-4")
    host_oom = error_event(RuntimeError("DefaultCPUAllocator: can't allocate memory"), last_good_checkpoint=None)
    other = error_event(KeyError("boom"), last_good_checkpoint=None)

    assert (bad_row.code, bad_row.file, bad_row.line) == ("bad_row", "t.jsonl", 3)
    assert oom.code == "out_of_memory"
    assert "batch_size" in oom.message
    assert oom.last_good_checkpoint == "/out/checkpoints/checkpoint-4"
    assert host_oom.code == "out_of_memory"
    assert other.code == "internal"
    assert "KeyError" in other.message
