"""A crash (an error the app did not expect) ends `scratchnet-tui` with status 1, not 0, and says
where the run went: a script or a shell running the app can tell it failed.

The app here is the one `main` starts, run headless; a key's action made to raise stands in for
a bug. Whatever the app ends with, `main` only sees its return code and its autosave.
"""

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from harness.pilot import wait_for
from scratchnet.runfile import load_run
from tui import cli
from tui.app import ScratchnetApp


def ended_on(keys: list[str], argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """`scratchnet-tui ARGV` run headless, the keys pressed once its first frame is drawn: the
    exit status (from `main`'s return, or its `os._exit` after a slow worker)."""
    run = ScratchnetApp.run

    def headless(app: ScratchnetApp) -> None:
        async def press(pilot: Pilot[None]) -> None:
            await wait_for(pilot, lambda s: s.step == 0)
            await pilot.press(*keys)

        run(app, headless=True, size=(80, 24), auto_pilot=press)

    def leave(status: int) -> None:
        raise SystemExit(status)

    monkeypatch.setattr(ScratchnetApp, "run", headless)
    monkeypatch.setattr(cli, "tune_for_latency", lambda: None)  # this process's, not the app's
    monkeypatch.setattr(os, "_exit", leave)
    try:
        return cli.main(argv)
    except SystemExit as exit:
        return int(exit.code or 0)


def a_bug(app: ScratchnetApp) -> None:
    raise RuntimeError("a bug in the app")


@pytest.fixture
def n_has_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """`n` (one step) raises, as a bug would."""
    monkeypatch.setattr(ScratchnetApp, "action_step", a_bug)


@pytest.mark.usefixtures("n_has_a_bug")
def test_a_crash_exits_1_and_says_where_the_run_was_saved(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved = tmp_path / "run.json"
    status = ended_on(["n"], ["--paused", "--autosave", str(saved)], monkeypatch)
    said = capsys.readouterr().err
    assert status == 1, said
    assert "RuntimeError" in said and "a bug in the app" in said  # Textual's report of it
    assert f"ended on an error (above); the run is saved in {saved}" in said
    assert load_run(saved)[1].steps == 0


@pytest.mark.usefixtures("n_has_a_bug")
def test_a_crash_without_autosave_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = ended_on(["n"], ["--paused"], monkeypatch)
    said = capsys.readouterr().err
    assert status == 1, said
    assert "ended on an error (above); the run was not saved (no --autosave)" in said


def test_quitting_still_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "run.json"
    status = ended_on(["n", "q"], ["--paused", "--autosave", str(saved)], monkeypatch)
    said = capsys.readouterr().err
    assert status == 0, said
    assert f"saved the run to {saved}" in said and "error" not in said
    assert load_run(saved)[1].steps == 1
