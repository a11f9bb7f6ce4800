"""The installed `scratchnet-tui`, started in a real pseudo-terminal, as a user over SSH has it."""

import os
import re
import signal
from pathlib import Path

from harness.terminal import Terminal
from tests.conftest import installed_command


def step_on_screen(text: str) -> int:
    match = re.search(r"step (\d+)", text)
    return int(match.group(1)) if match else -1


def process_state(pid: int) -> str:
    """R running, S sleeping, T stopped: the third field of /proc/PID/stat."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_step_suspend_come_back_run_pause_run_again_and_quit_promptly_while_training() -> None:
    """One user's session, in one app: start and step; ctrl+z suspends it and gives the shell
    its terminal back, and `fg` brings it back whole, its keys acting again; run and pause; run
    again and quit while it trains, which must not wait for the training to stop. One app for
    the three stories (ctrl+z is what a shell does to the app, beside test_signals.py's
    SIGTERM): its start is most of what each cost."""
    terminal = Terminal([installed_command("scratchnet-tui"), "--paused"], columns=120, lines=40)
    try:
        assert terminal.wait_for(
            lambda t: "step 0" in t and t.count("●") >= 100 and "q Quit" in t
        ), terminal.text()
        screen = terminal.text()
        assert "prediction f(x, y)" in screen and "loss (log scale)" in screen
        assert screen.count("●") >= 100, "the 121 training points are drawn on the picture"
        assert "paused" in screen
        assert re.search(r"space Pause +n Step +r Reset", screen), "the footer lists the keys"
        terminal.send("n")
        assert terminal.wait_for(lambda t: "step 1 " in t and "loss 0.2919" in t), terminal.text()

        terminal.send("\x1a")  # ctrl+z
        stopped = terminal.wait_for(
            lambda _: process_state(terminal.pid) == "T" and not terminal.modes_left_on()
        )
        assert stopped, "stopped, and the shell gets its terminal back"
        terminal.clear()  # the shell's screen, and then `fg`: the app draws its own again, whole
        os.kill(terminal.pid, signal.SIGCONT)
        assert terminal.wait_for(lambda t: "Quit" in t and "prediction" in t), terminal.text()
        terminal.send("n")
        assert terminal.wait_for(lambda t: "step 2 " in t), terminal.text()

        terminal.send(" ")
        assert terminal.wait_for(lambda t: "running" in t and step_on_screen(t) > 50), (
            terminal.text()
        )
        terminal.send(" ")
        assert terminal.wait_for(lambda t: "paused" in t), terminal.text()
        paused_at = step_on_screen(terminal.text())
        terminal.send(" ")
        assert terminal.wait_for(lambda t: "running" in t and step_on_screen(t) > paused_at + 20), (
            f"running again after the pause:\n{terminal.text()}"
        )
        terminal.send("q")
        assert terminal.wait_exit() == 0, "q quits while it trains (how fast: bench_quit.py)"
    finally:
        terminal.close()
