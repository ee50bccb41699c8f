"""The inspect command on the tiny Llama, the tiny Qwen2 and the real MiniLM, and on broken folders."""

import json
import shutil

import pytest
from conftest import run_in_process

from luodi_trainer.model_files import read_safetensors_header


def inspect(folder) -> dict:
    code, events = run_in_process("inspect", "--model", str(folder))
    assert code == 0, events
    assert len(events) == 1
    return events[0]


def loaded_parameter_count(folder, model_class) -> int:
    model = model_class.from_pretrained(folder, local_files_only=True)
    return sum(parameter.numel() for parameter in model.parameters())


def test_inspect_tiny_llama(tiny_llama):
    from transformers import AutoModelForCausalLM

    info = inspect(tiny_llama)

    assert info["event"] == "model_info"
    assert info["architecture"] == "LlamaForCausalLM"
    assert info["model_type"] == "llama"
    assert info["parameter_count_source"] == "safetensors"
    assert info["parameter_count"] == loaded_parameter_count(tiny_llama, AutoModelForCausalLM)
    assert info["context_length"] == 512
    assert info["chat_template"] is True
    assert info["dtype"] == "float32"
    assert info["default_target_modules"] == ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    assert set(info["default_target_modules"]) <= set(info["candidate_target_modules"])


def test_inspect_tiny_qwen2_without_chat_template(tiny_qwen2):
    from transformers import AutoModelForCausalLM

    info = inspect(tiny_qwen2)

    assert info["architecture"] == "Qwen2ForCausalLM"
    assert info["model_type"] == "qwen2"
    assert info["context_length"] == 1024
    assert info["chat_template"] is False
    assert info["default_target_modules"][0] == "q_proj"
    # Tied input and output embeddings are stored once, and counted once as the loaded model does.
    assert info["parameter_count"] == loaded_parameter_count(tiny_qwen2, AutoModelForCausalLM)


def test_inspect_minilm(minilm):
    from transformers import AutoModel

    info = inspect(minilm)

    assert info["model_type"] == "bert"
    assert info["architecture"] == "BertModel"
    assert info["context_length"] == 512
    assert info["chat_template"] is False
    assert info["default_target_modules"] == ["query", "key", "value"]
    assert info["parameter_count"] == loaded_parameter_count(minilm, AutoModel)
    assert {"query", "key", "value", "dense"} <= set(info["candidate_target_modules"])


def test_inspect_unknown_architecture_has_no_default(tmp_path, tiny_llama):
    folder = tmp_path / "model"
    shutil.copytree(tiny_llama, folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "made_up_arch"}))

    info = inspect(folder)

    assert info["default_target_modules"] is None
    assert "q_proj" in info["candidate_target_modules"]


def test_inspect_reads_only_headers(tiny_llama):
    tensors = read_safetensors_header(tiny_llama / "model.safetensors")

    assert any(tensor.name.endswith("q_proj.weight") for tensor in tensors)
    assert all(tensor.dtype == "F32" for tensor in tensors)


def test_inspect_counts_bin_weights_from_config(tmp_path, tiny_llama):
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    folder = tmp_path / "bin-model"
    shutil.copytree(tiny_llama, folder)
    state = load_file(folder / "model.safetensors")
    torch.save(state, folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()

    info = inspect(folder)

    assert info["parameter_count_source"] == "config"
    assert info["parameter_count"] == loaded_parameter_count(tiny_llama, AutoModelForCausalLM)
    assert info["dtype"] == "float32"


@pytest.mark.parametrize(
    ("removed", "named"),
    [("config.json", "config.json"), ("tokenizer.json", "tokenizer"), ("model.safetensors", "weights")],
)
def test_inspect_missing_file_named(tmp_path, tiny_llama, removed, named):
    folder = tmp_path / "model"
    shutil.copytree(tiny_llama, folder)
    (folder / removed).unlink()

    code, events = run_in_process("inspect", "--model", str(folder))

    assert code == 1
    assert events[-1]["event"] == "error"
    assert events[-1]["code"] == "missing_model_files"
    assert named in events[-1]["message"]


def test_inspect_missing_shard_named(tmp_path, tiny_llama):
    folder = tmp_path / "model"
    shutil.copytree(tiny_llama, folder)
    (folder / "model.safetensors").rename(folder / "model-00001-of-00002.safetensors")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))

    code, events = run_in_process("inspect", "--model", str(folder))

    assert code == 1
    assert "model-00002-of-00002.safetensors" in events[-1]["message"]


def test_inspect_missing_folder(tmp_path):
    code, events = run_in_process("inspect", "--model", str(tmp_path / "nowhere"))

    assert code == 1
    assert events[-1]["code"] == "missing_model_files"
    assert "does not exist" in events[-1]["message"]
