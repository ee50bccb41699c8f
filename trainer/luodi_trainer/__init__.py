"""Luodi's trainer: a process the worker starts for one job.

It speaks a line protocol on stdout: one JSON object per line, each with an ``event`` field. Today the
only command is ``python -m luodi_trainer check``, which reports the environment with a ``ready`` event.
Training will add the ``step``, ``loss``, ``eval``, ``done`` and ``error`` events.
"""

__version__ = "0.1.0"
