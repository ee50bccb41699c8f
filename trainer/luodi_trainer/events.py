"""Events the trainer writes to stdout, one JSON object per line."""

import sys
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict


class ReadyEvent(BaseModel):
    """The environment report of ``check``: interpreter, package versions and GPU support."""

    model_config = ConfigDict(extra="forbid")

    event: Literal["ready"] = "ready"
    python: str
    # Distribution name to installed version; None when the package is not installed.
    packages: dict[str, str | None]
    cuda: bool


def emit(event: BaseModel, *, stream: TextIO | None = None) -> None:
    """Write ``event`` as one JSON line and flush, so the worker reads it immediately."""
    target = stream if stream is not None else sys.stdout
    target.write(event.model_dump_json() + "\n")
    target.flush()
