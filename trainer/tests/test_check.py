import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from luodi_trainer.__main__ import main
from luodi_trainer.check import REPORTED_PACKAGES, build_ready_event

TRAINER_DIR = Path(__file__).resolve().parents[1]


def run_trainer(*arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(TRAINER_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "luodi_trainer", *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_check_prints_one_ready_event():
    result = run_trainer("check")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert event["event"] == "ready"
    assert event["python"] == platform.python_version()
    assert event["packages"]["pydantic"] == pydantic.VERSION
    assert set(event["packages"]) == set(REPORTED_PACKAGES)
    assert isinstance(event["cuda"], bool)


def test_ready_event_reports_missing_packages_as_null():
    event = build_ready_event()

    for name, version in event.packages.items():
        if version is None:
            continue
        assert isinstance(version, str) and version, name
    # pydantic is a runtime requirement, so it is always present.
    assert event.packages["pydantic"] is not None


def test_cuda_is_false_without_torch():
    event = build_ready_event()

    if event.packages["torch"] is None:
        assert event.cuda is False


def test_unknown_command_exits_with_usage_error():
    result = run_trainer("train-everything")

    assert result.returncode == 2
    assert result.stdout == ""
    assert "invalid choice" in result.stderr


def test_main_without_command_exits_with_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])

    assert exit_info.value.code == 2
    assert "required" in capsys.readouterr().err
