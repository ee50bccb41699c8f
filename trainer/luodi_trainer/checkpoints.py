"""Checkpoints in ``<output_dir>/checkpoints/checkpoint-<step>``, each published whole or not at all.

transformers' Trainer writes a checkpoint file by file, so a process killed mid-save would leave a
partial folder. The Trainer therefore saves into ``<output_dir>/.staging``, and a finished checkpoint is
renamed into ``checkpoints/``. A rename within one file system is atomic, so every folder under
``checkpoints/`` is complete.
"""

import re
import shutil
from pathlib import Path

CHECKPOINT_PATTERN = re.compile(r"^checkpoint-(\d+)$")
TRAINER_STATE_FILE = "trainer_state.json"


def checkpoints_dir(output_dir: Path) -> Path:
    return output_dir / "checkpoints"


def staging_dir(output_dir: Path) -> Path:
    return output_dir / ".staging"


def clear_staging(output_dir: Path) -> None:
    """Delete what a killed run left half-written in the staging folder."""
    shutil.rmtree(staging_dir(output_dir), ignore_errors=True)


def checkpoint_step(path: Path) -> int | None:
    """Return the step in a ``checkpoint-<step>`` folder name, or None for other names."""
    match = CHECKPOINT_PATTERN.match(path.name)
    return int(match.group(1)) if match else None


def list_checkpoints(output_dir: Path) -> list[tuple[int, Path]]:
    """Return the published checkpoints as (step, path), oldest first."""
    folder = checkpoints_dir(output_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        step = checkpoint_step(path)
        if step is not None and (path / TRAINER_STATE_FILE).is_file():
            found.append((step, path))
    return sorted(found)


def newest_checkpoint(output_dir: Path) -> Path | None:
    """Return the newest published checkpoint, or None when there is none."""
    found = list_checkpoints(output_dir)
    return found[-1][1] if found else None


def publish_checkpoint(output_dir: Path, step: int) -> Path:
    """Move the staged ``checkpoint-<step>`` into ``checkpoints/`` and return its new path."""
    source = staging_dir(output_dir) / f"checkpoint-{step}"
    target = checkpoints_dir(output_dir) / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        # A resumed run saved the same step again; the new copy replaces the old one.
        shutil.rmtree(target)
    source.rename(target)
    return target


def delete_old_checkpoints(output_dir: Path, *, keep: int) -> None:
    """Delete all but the newest ``keep`` published checkpoints."""
    found = list_checkpoints(output_dir)
    for _step, path in found[: max(0, len(found) - keep)]:
        shutil.rmtree(path, ignore_errors=True)
