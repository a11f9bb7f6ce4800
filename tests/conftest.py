"""Shared test helpers: the tutorial's reference figures and the installed commands."""

import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"

# The apps under Pilot draw as on a true-colour terminal, whatever TERM the shell has: with
# TERM=xterm Rich detects 16 colours, and the picture would be drawn in shade characters
# (tui/palette.py). The end-to-end tests set their pty's TERM themselves.
os.environ.setdefault("COLORTERM", "truecolor")


# Garbage collection, for the test process only (the installed commands keep Python's defaults).
# Every Pilot app makes and drops thousands of widgets, styles and strips, and by default Python
# collects after every 700 new objects, each time walking the imported libraries as well. Rarer
# collections, and the objects alive once the tests are collected set aside for good
# (`gc.freeze`), take about a fifth off the CPU of tests/app. Tests that count objects call
# gc.collect() themselves; nothing an app makes is frozen, as the apps start later.
gc.set_threshold(20_000, 20, 20)


# The longest test goes first, so that the other workers' tests run beside it rather than
# after it (the workers steal from each other; see pyproject.toml). It is the soak: 35 s of
# one worker, mostly waiting, which is why there are 4 workers for 2 cores.
FIRST = ("tests/e2e/test_soak.py::",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def tutorial_run() -> dict[str, Any]:
    """The figures of the tutorial's own run (a copy of shared/reference/tutorial_run.json)."""
    figures: dict[str, Any] = json.loads((DATA / "tutorial_run.json").read_text())
    return figures


def installed_command(name: str) -> str:
    """The path of a console script installed next to the running Python."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run pip install '.[test]'")
    return str(path)


@pytest.fixture(autouse=True)
def pilot_waits_for_idle_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's Pilot, after each key, waits until the app's process looks idle (under 5 % of
    a core), for up to a second. An app that is training is never idle, so every key pressed
    while it trains would cost up to two seconds of nothing. Our tests wait for the condition
    they need instead (`harness.pilot.wait_for`), so the Pilot's wait is capped at 50 ms.
    """
    import textual.app
    import textual.pilot
    from textual._wait import wait_for_idle

    async def brief(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        await wait_for_idle(min_sleep, min(max_sleep, 0.05))

    monkeypatch.setattr(textual.app, "wait_for_idle", brief)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", brief)
