"""Keeping runs from the app: save (w), open (o), export (e), --load, --autosave on quitting and
on hang-up. The browser version (--serve) has its own tests: test_serve.py."""

import csv
import os
import signal
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from harness import PATIENCE
from harness.pilot import (
    case,
    notices_shown,
    wait_for,
    wait_for_notice,
    wait_until,
    widget_text,
)
from harness.terminal import Terminal
from scratchnet import Network, Trainer
from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from scratchnet.modes import make_run, open_run
from scratchnet.playground import PlaygroundState
from scratchnet.runfile import load_run, save_run
from tests.app.conftest import PLAYGROUND_URL
from tests.conftest import installed_command
from tui.app import ScratchnetApp
from tui.screens.input_dialog import InputDialog as PathDialog
from tui.snapshot import Snapshot

# The size an SSH session opens at: every dialog and notice fits, and a smaller screen is
# cheaper to draw (each dialog redraws the screen behind it, dimmed).
SIZE = (80, 24)


async def shows(pilot: Pilot[None], case: str, check: Callable[[Snapshot], bool]) -> Snapshot:
    """`harness.pilot.wait_for`, with the case in the message when it times out."""
    try:
        return await wait_for(pilot, check)
    except AssertionError as error:
        raise AssertionError(f"{case}: {error}") from None


async def notice(pilot: Pilot[None], case: str, text: str) -> str:
    """`harness.pilot.wait_for_notice`, with the case in the message when it times out."""
    try:
        return await wait_for_notice(pilot, text)
    except AssertionError as error:
        raise AssertionError(f"{case}: no notice says {text!r}: {error}") from None


async def test_w_wants_a_name_and_w_and_e_save_the_run_and_its_losses_where_the_user_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = RunConfig(train_ratio=50)  # a test set: the losses exported have both columns
    app = ScratchnetApp(config, paused=True, skip_to=25)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await shows(pilot, "start", lambda s: s.step == 25)

        case = "the path dialog wants a name"
        await pilot.press("w")
        app.screen.query_one("#value").value = "   "  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert isinstance(app.screen, PathDialog), f"{case}: a blank name is no name"
        await pilot.press("escape")
        assert not isinstance(app.screen, PathDialog), f"{case}: Esc closes it"

        case = "w saves the run where the user says"
        await pilot.press("w")
        assert isinstance(app.screen, PathDialog), case
        await pilot.press("enter")  # the suggested scratchnet-run.json
        shown = await notice(pilot, case, "Saved: step 25")
        assert "scratchnet-run.json" in shown, f"{case}: the notice says where"
        saved_config, trainer = load_run(tmp_path / "scratchnet-run.json")
        assert saved_config == config and trainer.steps == 25, case
        assert trainer.network.parameters() == app.session.run.trainer.network.parameters(), case

        case = "e exports the losses as csv"
        await pilot.press("e")
        app.screen.query_one("#value").value = str(tmp_path / "losses.csv")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await notice(pilot, case, "Exported the losses")
    rows = list(csv.reader((tmp_path / "losses.csv").read_text().splitlines()))
    assert rows[0] == ["step", "train_loss", "test_loss"], case
    assert len(rows) == 26, case
    assert [float(x) for x in rows[25][1:]] == [
        app.session.run.trainer.losses[24],
        app.session.run.trainer.test_losses[24],
    ], case


async def test_o_refuses_a_bad_file_and_goes_on_exactly_where_a_saved_run_stopped(
    tmp_path: Path,
) -> None:
    saved = Trainer(Network(2, [4], seed=0), grid(), 10)  # the tutorial's run: RunConfig()
    for _ in range(300):
        saved.step()
    path = tmp_path / "run.json"
    save_run(path, RunConfig(), saved)
    next_loss = saved.step()  # the loss of the step after the saved ones
    app = ScratchnetApp(RunConfig(seed=5), paused=True, skip_to=40)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await shows(pilot, "start", lambda s: s.step == 40)
        weights = app.session.run.trainer.network.parameters()
        for content in [b"not json", b'{"format": "scratchnet run"}', b""]:
            case = f"the refused file {content!r}"
            app.clear_notifications()
            await wait_until(pilot, lambda: "cannot load" not in notices_shown(app))
            bad = tmp_path / "bad.json"
            bad.write_bytes(content)
            await pilot.press("o")
            app.screen.query_one("#value").value = str(bad)  # type: ignore[attr-defined]
            await pilot.press("enter")
            message = await notice(pilot, case, "cannot load")
            assert "cannot load" in message, case
            assert app.session.run.trainer.steps == 40, f"{case}: the run is left alone"
            assert app.session.run.trainer.network.parameters() == weights, (
                f"{case}: the weights too"
            )

        case = "a saved run"
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, PathDialog), case
        dialog.query_one("#value").value = str(path)  # type: ignore[attr-defined]
        await pilot.press("enter")
        loaded = await shows(pilot, case, lambda s: s.step == 300)
        assert loaded.config == RunConfig(), case
        await notice(pilot, case, "Loaded")
        await pilot.press("n")
        after = await shows(pilot, case, lambda s: s.step == 301)
        assert after.loss == next_loss, (
            f"{case}: the next step's loss is the one the run would give"
        )


async def test_w_and_e_onto_a_file_that_is_not_ours_ask_and_only_yes_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes\n")
    notes.chmod(0o600)
    app = ScratchnetApp(RunConfig(), paused=True, skip_to=5)

    async def ask(key: str, path: str) -> PathDialog[bool]:
        """Press `key` (w or e), type `path`: the question that comes up instead of a write."""
        app.clear_notifications()
        await wait_until(pilot, lambda: not notices_shown(app))
        await pilot.press(key)
        app.screen.query_one("#value").value = path  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.screen.query("#value"))
        question = app.screen
        assert isinstance(question, PathDialog), "a question, not a write"
        shown = widget_text(question.query_one(".title", Label))
        assert "notes.txt" in shown and "Replace it?" in shown
        return question

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await shows(pilot, "start", lambda s: s.step == 5)
        for key, answer in [("w", "enter"), ("w", "escape"), ("w", "n"), ("e", "enter")]:
            with case(f"{key}, then {answer} to the question"):
                await ask(key, "notes.txt")
                await pilot.press(answer)
                await wait_for_notice(pilot, "Kept notes.txt as it was")
                assert not isinstance(app.screen, PathDialog), "the question has gone"
                assert notes.read_bytes() == b"my notes\n", "kept byte for byte"

        with case("w, then y"):
            await ask("w", "notes.txt")
            await pilot.press("y")
            await wait_for_notice(pilot, "Saved: step 5")
        assert load_run(notes)[1].steps == 5
        assert stat.S_IMODE(notes.stat().st_mode) == 0o600, "its permissions are kept"

        with case("w onto a run of ours asks nothing"):
            app.clear_notifications()
            await pilot.press("n")  # step 6
            await shows(pilot, "stepped", lambda s: s.step == 6)
            await pilot.press("w")
            app.screen.query_one("#value").value = "notes.txt"  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_for_notice(pilot, "Saved: step 6")
        assert load_run(notes)[1].steps == 6


def started(tmp_path: Path, *options: str) -> Terminal:
    term = Terminal([installed_command("scratchnet-tui"), *options])
    assert term.wait_for(lambda t: "steps/s" in t and "Quit" in t), term.text()
    return term


def test_load_option_starts_from_a_saved_run_and_quitting_with_autosave_saves_it(
    tmp_path: Path,
) -> None:
    trainer = RunConfig(hidden=(3,)).trainer()
    for _ in range(77):
        trainer.step()
    save_run(tmp_path / "run.json", RunConfig(hidden=(3,)), trainer)
    kept = tmp_path / "kept.json"
    term = started(
        tmp_path, "--paused", "--load", str(tmp_path / "run.json"), "--autosave", str(kept)
    )
    try:
        assert "step 77 " in term.text(), f"--load starts at the saved run's step: {term.text()}"
        term.send("n")
        assert term.wait_for(lambda t: "step 78 " in t), term.text()
        term.send("q")
        assert term.wait_exit() == 0, "q quits"
        assert load_run(kept)[1].steps == 78, "quitting with --autosave saves the run"
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
            status = term.wait_exit()
        else:  # the SSH connection drops: the terminal goes away and the kernel sends SIGHUP
            os.close(term.fd)
            term.fd = os.open(os.devnull, os.O_RDONLY)
            status = None
            give_up = time.monotonic() + PATIENCE  # a guard against a hang, not a timing goal
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


def test_a_playground_run_saved_by_the_app_opens_in_playground_mode_and_goes_on_exactly(
    tmp_path: Path,
) -> None:
    """--autosave of a Playground run, then --load of its file: the app opens it in Playground
    mode, its URL kept (u), and the epochs after it are those of one straight run, to the bit
    (the gradients carried over and the dead links included)."""
    app, first, second = (
        installed_command("scratchnet-tui"),
        tmp_path / "a.json",
        tmp_path / "b.json",
    )
    saving = Terminal(
        [
            app,
            "--playground",
            PLAYGROUND_URL,
            "--paused",
            "--skip-to",
            "20",
            "--autosave",
            str(first),
        ]
    )
    try:
        assert saving.wait_for(lambda t: "epoch 20 " in t and "Quit" in t), saving.text()
        saving.send("q")
        assert saving.wait_exit() == 0, saving.text()
    finally:
        saving.close()
    going_on = Terminal([app, "--load", str(first), "--paused", "--autosave", str(second)])
    try:
        assert going_on.wait_for(lambda t: "epoch 20 " in t and "epochs/s" in t), going_on.text()
        going_on.send("nnnnn")
        assert going_on.wait_for(lambda t: "epoch 25 " in t), going_on.text()
        going_on.send("u")
        assert going_on.wait_for(lambda t: "playground.tensorflow.org" in t), going_on.text()
        going_on.send("q")
        assert going_on.wait_exit() == 0, going_on.text()
    finally:
        going_on.close()
    straight = make_run(PlaygroundState.from_url(PLAYGROUND_URL))
    for _ in range(25):
        straight.step()
    resumed = open_run(second)
    assert resumed.state() == straight.state()
    assert list(resumed.losses().train) == list(straight.losses().train)
    assert resumed.url == straight.url
