"""Forward warnings from transformers, PEFT, PyTorch and Python's warnings module as ``log`` events."""

import logging
import re
from collections.abc import Callable

from .events import LogEvent

# Terminal colour and style sequences, which transformers puts in some reports.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

# Loggers whose records reach the job's log tail. transformers does not propagate to the root logger.
FORWARDED_LOGGERS = ("", "transformers", "py.warnings")


class EventLogHandler(logging.Handler):
    """Send each distinct warning once; libraries repeat the same warning every step."""

    def __init__(self, emit_event: Callable[[LogEvent], None]) -> None:
        super().__init__(level=logging.WARNING)
        self.emit_event = emit_event
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = ANSI_ESCAPE.sub("", record.getMessage()).strip()
        if not message or message in self.seen:
            return
        self.seen.add(message)
        level = "error" if record.levelno >= logging.ERROR else "warning"
        self.emit_event(LogEvent(level=level, lines=message.splitlines()[-20:]))


def forward_library_logs(emit_event: Callable[[LogEvent], None]) -> Callable[[], None]:
    """Attach the forwarding handler and return a function that detaches it again."""
    handler = EventLogHandler(emit_event)
    logging.captureWarnings(True)
    for name in FORWARDED_LOGGERS:
        logging.getLogger(name).addHandler(handler)

    def detach() -> None:
        for name in FORWARDED_LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        logging.captureWarnings(False)

    return detach
