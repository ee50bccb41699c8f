"""Stop a job cleanly on SIGTERM or SIGINT: finish the current step, save a checkpoint, report cancelled."""

import signal

from .errors import TrainerError


class Cancellation:
    """A flag that signal handlers set and the training loop and evaluation poll."""

    def __init__(self) -> None:
        self.requested = False

    def install_signal_handlers(self) -> None:
        """Set the flag on SIGTERM and SIGINT instead of dying mid-step (main thread only)."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, _signum, _frame) -> None:
        self.requested = True

    def raise_if_requested(self) -> None:
        """Raise a ``cancelled`` TrainerError once cancellation was requested."""
        if self.requested:
            raise TrainerError("cancelled", "the job was cancelled before it finished")
