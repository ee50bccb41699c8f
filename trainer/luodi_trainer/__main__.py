"""Command line: ``python -m luodi_trainer check``."""

import argparse
import sys

from .check import build_ready_event
from .events import emit


def main(argv: list[str] | None = None) -> int:
    """Run the command named in ``argv`` and return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m luodi_trainer",
        description="Luodi's trainer. Writes one JSON event per line on stdout.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="report the Python version, package versions and CUDA availability")

    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        emit(build_ready_event())
    return 0


if __name__ == "__main__":
    sys.exit(main())
