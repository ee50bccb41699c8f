"""Luodi's trainer: a process the worker starts for one job.

It speaks a line protocol on stdout: one JSON object per line, each with an ``event`` field (see
events.py). Commands: ``check`` (environment), ``inspect`` (a model folder), ``plan`` (validate a job
spec and estimate its cost) and ``train`` (run it).
"""

__version__ = "0.1.0"
