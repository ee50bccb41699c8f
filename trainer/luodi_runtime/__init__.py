"""Luodi's local model runtime: an OpenAI-compatible HTTP server on loopback for one local model.

It serves a Hugging Face model folder, optionally with a PEFT adapter, through ``GET /health``,
``GET /v1/models`` and ``POST /v1/chat/completions`` (streaming and not). Luodi starts it on demand with
``python -m luodi_runtime --model PATH [--adapter PATH]`` and stops it when idle. On stdout it writes one
JSON line: ``{"event": "ready", "port": N}`` once listening, or ``{"event": "error", "message": ...}``
before exiting non-zero when the model cannot be loaded.
"""

__version__ = "0.1.0"
