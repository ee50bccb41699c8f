"""Write the trained adapter or model, and merged weights, each as a folder published by rename."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from .spec import JobSpec


def write_folder(target: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write`` into a temporary sibling of ``target``, then rename it into place.

    A killed process leaves at most a ``.tmp-`` folder, never a half-written ``target``.
    """
    temporary = target.with_name(f".tmp-{target.name}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    write(temporary)
    if target.exists():
        shutil.rmtree(target)
    temporary.rename(target)
    return target


def point_adapter_at_base(adapter_dir: Path, base_model: Path) -> None:
    """Record the base model's absolute path in adapter_config.json, so the adapter loads on its own."""
    config_path = adapter_dir / "adapter_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = str(base_model.resolve())
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def save_trained(spec: JobSpec, model, tokenizer) -> tuple[str, Path]:
    """Save the result of training and return its artifact kind and folder.

    LoRA, QLoRA and prompt tuning give a PEFT adapter (adapter_model.safetensors + adapter_config.json)
    in ``adapter/``. Full fine-tuning gives complete weights in ``model/``, reported as kind "merged"
    because they are served without a base. The tokenizer is saved beside either, with the chat
    template training used.
    """
    if spec.method == "full":

        def write_model(folder: Path) -> None:
            model.save_pretrained(folder, safe_serialization=True)
            tokenizer.save_pretrained(folder)

        return "merged", write_folder(spec.output_dir / "model", write_model)

    def write_adapter(folder: Path) -> None:
        model.save_pretrained(folder, safe_serialization=True)
        point_adapter_at_base(folder, spec.base_model)
        tokenizer.save_pretrained(folder)

    return "adapter", write_folder(spec.output_dir / "adapter", write_adapter)


def save_merged(spec: JobSpec, *, adapter_dir: Path, tokenizer, dtype) -> Path:
    """Load the base unquantized in ``dtype``, merge the LoRA adapter into it and save it to ``merged/``.

    QLoRA trains against a 4-bit base, but merging into 4-bit weights would lose the update, so the
    base is always reloaded at full or half precision here.
    """
    from peft import PeftModel

    from .methods import label_settings, model_class

    base = model_class(spec).from_pretrained(
        spec.base_model, local_files_only=True, dtype=dtype, **label_settings(spec)
    )
    merged = PeftModel.from_pretrained(base, adapter_dir, local_files_only=True).merge_and_unload()

    def write_merged(folder: Path) -> None:
        merged.save_pretrained(folder, safe_serialization=True)
        tokenizer.save_pretrained(folder)

    return write_folder(spec.output_dir / "merged", write_merged)
