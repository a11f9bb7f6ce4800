"""The installed `scratchnet-tui`, started in a real pseudo-terminal, as a user over SSH has it."""

import re

from harness.terminal import Terminal
from tests.conftest import installed_command


def step_on_screen(text: str) -> int:
    match = re.search(r"step (\d+)", text)
    return int(match.group(1)) if match else -1


def test_start_step_run_pause_run_again_and_quit_promptly_while_training() -> None:
    # One app for both stories: start, step, run and pause; then run again and quit while it
    # trains, which must not wait for the training to stop.
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
