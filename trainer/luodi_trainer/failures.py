"""Turn any exception into the error event the worker reads, with its cause in plain words."""

import traceback

from .errors import TrainerError
from .events import ErrorEvent, LogEvent


def is_out_of_memory(error: BaseException) -> bool:
    """Return True for CUDA out-of-memory errors, host allocation failures and their RuntimeError forms."""
    if isinstance(error, MemoryError):
        return True
    try:
        import torch

        if isinstance(error, torch.OutOfMemoryError):
            return True
    except ImportError:
        pass
    text = str(error).lower()
    return isinstance(error, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text)


def error_event(error: BaseException, *, last_good_checkpoint: str | None) -> ErrorEvent:
    """Map ``error`` to an ErrorEvent; unexpected exceptions become ``internal`` with their type and text."""
    if isinstance(error, TrainerError):
        return ErrorEvent(
            code=error.code,
            message=error.message,
            field=error.field,
            file=error.file,
            line=error.line,
            last_good_checkpoint=last_good_checkpoint,
        )
    if is_out_of_memory(error):
        return ErrorEvent(
            code="out_of_memory",
            message=(
                "training ran out of memory; lower batch_size or max_length (raise gradient_accumulation_steps "
                "to keep the effective batch), choose lora instead of full, or use a machine with more memory"
            ),
            last_good_checkpoint=last_good_checkpoint,
        )
    return ErrorEvent(
        code="internal",
        message=f"the trainer failed unexpectedly ({type(error).__name__}: {error}); the log has the details",
        last_good_checkpoint=last_good_checkpoint,
    )


def traceback_log(error: BaseException) -> LogEvent:
    """Return the last lines of the traceback of ``error`` as a log event."""
    lines = "".join(traceback.format_exception(error)).splitlines()
    return LogEvent(level="error", lines=lines[-40:])
