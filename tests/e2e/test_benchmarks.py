"""Every benchmark explains itself: `--help` prints its usage and exits, rather than starting a
measurement that takes minutes (bench_quit.py did).

All of them are asked in one Python process, each as `python benchmarks/NAME.py --help` runs it
(the script as `__main__`, its folder first on the path, its name in argv), rather than a
Python started, and the project imported, for each one; a timeout guards against a benchmark
that measures instead.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness import PATIENCE

BENCHMARKS = sorted((Path(__file__).resolve().parents[2] / "benchmarks").glob("*.py"))

ASK_EACH_FOR_HELP = """
import contextlib, io, json, os, runpy, sys
answers = {}
for script in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    sys.argv, sys.path[0] = [script, "--help"], os.path.dirname(script)
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as leaving:
            status = leaving.code if isinstance(leaving.code, int) else int(bool(leaving.code))
    answers[os.path.basename(script)] = [status, out.getvalue(), err.getvalue()]
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers() -> dict[str, list[object]]:
    """Each benchmark's exit status, output and errors after `--help`, by its file's name."""
    asked = subprocess.run(
        [sys.executable, "-c", ASK_EACH_FOR_HELP, *map(str, BENCHMARKS)],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert asked.returncode == 0, asked.stderr
    found: dict[str, list[object]] = json.loads(asked.stdout)
    return found


def test_there_are_benchmarks() -> None:
    assert len(BENCHMARKS) >= 8


@pytest.mark.parametrize("script", BENCHMARKS, ids=[path.name for path in BENCHMARKS])
def test_help_prints_the_usage_and_exits(script: Path, answers: dict[str, list[object]]) -> None:
    status, output, errors = answers[script.name]
    assert status == 0, errors
    assert isinstance(output, str) and output.startswith(f"usage: {script.name}"), output[:300]
