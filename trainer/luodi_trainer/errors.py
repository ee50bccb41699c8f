"""The one exception type the trainer raises for failures it can explain to the user."""

from typing import Literal

ErrorCode = Literal[
    "out_of_memory",
    "bad_row",
    "missing_model_files",
    "invalid_spec",
    "cancelled",
    "internal",
]


class TrainerError(Exception):
    """A failure with a code the worker maps to a job status and a message fit to show the user.

    ``field`` names the spec field at fault (dotted path), ``file`` and ``line`` the dataset row at fault.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        field: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message
        self.field = field
        self.file = file
        self.line = line


def invalid_spec(field: str, message: str) -> TrainerError:
    """Build an ``invalid_spec`` error for one spec field."""
    return TrainerError("invalid_spec", f"{field}: {message}", field=field)
