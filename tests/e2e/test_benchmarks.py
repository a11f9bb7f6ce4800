"""Every benchmark explains itself: `--help` prints its usage and exits, rather than starting a
measurement that takes minutes (bench_quit.py did)."""

import subprocess
import sys
from pathlib import Path

import pytest

from harness import PATIENCE

BENCHMARKS = sorted((Path(__file__).resolve().parents[2] / "benchmarks").glob("*.py"))


def test_there_are_benchmarks() -> None:
    assert len(BENCHMARKS) >= 8


@pytest.mark.parametrize("script", BENCHMARKS, ids=[path.name for path in BENCHMARKS])
def test_help_prints_the_usage_and_exits(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=PATIENCE
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {script.name}"), result.stdout[:300]
