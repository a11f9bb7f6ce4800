"""Shared test helpers: the tutorial's reference figures and the installed commands."""

import json
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tutorial_run() -> dict[str, Any]:
    """The figures of the tutorial's own run (a copy of shared/reference/tutorial_run.json)."""
    return json.loads((DATA / "tutorial_run.json").read_text())


def installed_command(name: str) -> str:
    """The path of a console script installed next to the running Python."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run pip install '.[test]'")
    return str(path)
