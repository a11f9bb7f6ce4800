"""Quitting never waits (issue 11). While the worker is deep in something long (a big network's
first picture), the app ends at once and the autosave holds the run as it stood after its last
finished step (that it is never half a step: tests/unit/test_trainer_between_steps.py). Behind a
burst of keys still waiting, ctrl+c and SIGTERM end it at once, not after handling them all."""

import os
import signal
from pathlib import Path

import pytest

from harness.terminal import Terminal
from scratchnet.runfile import load_run
from tests.conftest import installed_command


def test_q_while_the_worker_is_busy_saves_the_run_as_it_stood(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    # 400 x 400 hidden neurons: a picture or a step takes several seconds of pure Python,
    # longer than quitting may wait for the worker.
    command = [installed_command("scratchnet-tui"), "--hidden", "400,400", "--autosave", str(path)]
    term = Terminal(command, cwd=str(tmp_path))
    try:
        assert term.wait_for(lambda t: "Quit" in t), term.text()
        term.send("q")
        status = term.wait_exit()  # a guard against a hang; the time is bench_tui's to measure
        assert status == 0, term.text()
        assert "saved the run to" in term.text()
        config, trainer = load_run(path)
        assert config.hidden == (400, 400)
        again = config.trainer()
        for _ in range(trainer.steps):
            again.step()
        assert trainer.network.parameters() == again.network.parameters()
    finally:
        term.close()


def test_ctrl_c_during_a_gradient_check_gives_the_terminal_back_then_says_it_saves(
    tmp_path: Path,
) -> None:
    """Issue 19: on a big network the save takes seconds after the terminal is back, and the
    shell's prompt waited for it with nothing said. Now a line says so at once."""
    path = tmp_path / "kept.json"
    options = ["--paused", "--hidden", "16,16,16", "--autosave", str(path)]
    term = Terminal([installed_command("scratchnet-tui"), *options], cwd=str(tmp_path))
    try:
        assert term.wait_for(lambda t: "Quit" in t), term.text()
        term.send("g")
        assert term.wait_for(lambda t: "Checking backprop" in t), term.text()
        term.send("\x03")
        assert term.wait_exit() == 0, term.text()  # a guard; bench_quit.py has the times
        output = term.tail
        given_back = output.rfind(b"\x1b[?1049l")  # the alternate screen left: the shell's again
        saving = output.find(b"scratchnet-tui: saving the run to")
        saved = output.find(b"scratchnet-tui: saved the run to")
        assert 0 <= given_back < saving < saved, output[-300:]
        assert term.modes_left_on() == []
        config, _ = load_run(path)
        assert config.hidden == (16, 16, 16)
    finally:
        term.close()


@pytest.mark.parametrize("how", ["ctrl+c", "SIGTERM"])
def test_ctrl_c_and_sigterm_do_not_wait_behind_a_burst_of_keys(how: str) -> None:
    """That it ends cleanly; how soon (not after handling every key) is bench_quit.py's."""
    term = Terminal([installed_command("scratchnet-tui"), "--paused"])
    try:
        assert term.wait_for(lambda t: "paused" in t and "Quit" in t), term.text()
        # 1,000 keys that open and close panels: handling them all takes many seconds.
        burst = "cci\x1bp\x1bv\x1b?\x1b" * 100 + "c"
        if how == "ctrl+c":
            term.send(burst + "\x03")
        else:
            drawn = term.bytes_read
            term.send(burst)
            began = term.wait_for(lambda _: term.bytes_read > drawn + 20_000)
            assert began, "the app began to handle the burst"
            os.kill(term.pid, signal.SIGTERM)
        status = term.wait_exit()  # a guard against a hang
        assert status == 0, f"{how}: still running, or status {status}"
        assert term.modes_left_on() == []
    finally:
        term.close()
