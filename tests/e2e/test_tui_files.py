"""Keeping runs from the app: save (w), open (o), export (e), --load, --autosave on hang-up.
The browser version (--serve) has its own tests: test_serve.py."""

import csv
import os
import signal
import time
from pathlib import Path

import pytest

from harness.pilot import wait_for, wait_for_notice
from harness.terminal import Terminal
from scratchnet import Network, Trainer
from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from scratchnet.runfile import load_run, save_run
from tests.conftest import installed_command
from tui.app import ScratchnetApp
from tui.screens.input_dialog import InputDialog as PathDialog

SIZE = (120, 40)


async def test_w_saves_the_run_where_the_user_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ScratchnetApp(RunConfig(), paused=True, skip_to=120)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 120)
        await pilot.press("w")
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")  # the suggested scratchnet-run.json
        shown = await wait_for_notice(pilot, "Saved: step 120")
        assert "scratchnet-run.json" in shown, "the notice says where"
        config, trainer = load_run(tmp_path / "scratchnet-run.json")
        assert config == RunConfig() and trainer.steps == 120
        assert trainer.network.parameters() == app.session.trainer.network.parameters()


async def test_o_goes_on_exactly_where_a_saved_run_stopped(tmp_path: Path) -> None:
    reference = Trainer(Network(2, [4], seed=0), grid(), 10)
    losses = [reference.step() for _ in range(301)]
    saved = RunConfig().trainer()
    for _ in range(300):
        saved.step()
    path = tmp_path / "run.json"
    save_run(path, RunConfig(), saved)
    app = ScratchnetApp(RunConfig(seed=5), paused=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        dialog.query_one("#value").value = str(path)  # type: ignore[attr-defined]
        await pilot.press("enter")
        loaded = await wait_for(pilot, lambda s: s.step == 300)
        assert loaded.config == RunConfig()
        await wait_for_notice(pilot, "Loaded")
        await pilot.press("n")
        after = await wait_for(pilot, lambda s: s.step == 301)
        assert after.loss == losses[300], "the next step's loss is the one the run would give"


@pytest.mark.parametrize("content", [b"not json", b'{"format": "scratchnet run"}', b""])
async def test_a_refused_file_says_why_and_leaves_the_run_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    app = ScratchnetApp(RunConfig(), paused=True, skip_to=40)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 40)
        weights = app.session.trainer.network.parameters()
        await pilot.press("o")
        app.screen.query_one("#value").value = str(path)  # type: ignore[attr-defined]
        await pilot.press("enter")
        message = await wait_for_notice(pilot, "cannot load")
        assert "cannot load" in message
        assert app.session.trainer.steps == 40
        assert app.session.trainer.network.parameters() == weights


async def test_e_exports_the_losses_as_csv(tmp_path: Path) -> None:
    app = ScratchnetApp(RunConfig(train_ratio=50), paused=True, skip_to=25)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 25)
        await pilot.press("e")
        app.screen.query_one("#value").value = str(tmp_path / "losses.csv")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for_notice(pilot, "Exported the losses")
    rows = list(csv.reader((tmp_path / "losses.csv").read_text().splitlines()))
    assert rows[0] == ["step", "train_loss", "test_loss"]
    assert len(rows) == 26
    assert [float(x) for x in rows[25][1:]] == [
        app.session.trainer.losses[24],
        app.session.trainer.test_losses[24],
    ]


async def test_the_path_dialog_wants_a_name() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        app.screen.query_one("#value").value = "   "  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert isinstance(app.screen, PathDialog)
        await pilot.press("escape")
        assert not isinstance(app.screen, PathDialog)


def started(tmp_path: Path, *options: str) -> Terminal:
    term = Terminal([installed_command("scratchnet-tui"), *options])
    assert term.wait_for(lambda t: "steps/s" in t and "Quit" in t, timeout=20), term.text()
    return term


def test_load_option_starts_from_a_saved_run(tmp_path: Path) -> None:
    trainer = RunConfig(hidden=(3,)).trainer()
    for _ in range(77):
        trainer.step()
    save_run(tmp_path / "run.json", RunConfig(hidden=(3,)), trainer)
    term = started(tmp_path, "--paused", "--load", str(tmp_path / "run.json"))
    try:
        assert "step 77 " in term.text()
        term.send("q")
        assert term.wait_exit(5) == 0
    finally:
        term.close()


@pytest.mark.parametrize("how", ["signal", "closed terminal"])
def test_a_hang_up_saves_and_exits(tmp_path: Path, how: str) -> None:
    """How quickly it exits is measured in benchmarks/bench_tui.py; here, that it does."""
    path = tmp_path / "autosave.json"
    term = started(tmp_path, "--autosave", str(path))
    try:
        assert term.wait_for(lambda t: "running" in t and "step 0 " not in t)
        if how == "signal":
            os.kill(term.pid, signal.SIGHUP)
            status = term.wait_exit(10.0)
        else:  # the SSH connection drops: the terminal goes away and the kernel sends SIGHUP
            os.close(term.fd)
            term.fd = os.open(os.devnull, os.O_RDONLY)
            status = None
            give_up = time.monotonic() + 10  # a guard against a hang, not a timing goal
            while status is None and time.monotonic() < give_up:
                pid, raw = os.waitpid(term.pid, os.WNOHANG)
                status = os.waitstatus_to_exitcode(raw) if pid else None
                time.sleep(0.02)
            term.exit_status = status
        assert status == 0, "a hang-up is no error: the run is saved"
        config, trainer = load_run(path)
        assert config == RunConfig() and trainer.steps > 0
    finally:
        term.close()


def test_quitting_with_autosave_saves_too(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    term = started(tmp_path, "--paused", "--autosave", str(path))
    try:
        term.send("n")
        assert term.wait_for(lambda t: "step 1 " in t)
        term.send("q")
        assert term.wait_exit(5) == 0
        assert load_run(path)[1].steps == 1
    finally:
        term.close()
