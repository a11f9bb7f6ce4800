"""The installed `scratchnet-tui`, started in a real pseudo-terminal, as a user over SSH has it."""

import re
from collections.abc import Iterator

import pytest

from harness.terminal import Terminal
from tests.conftest import installed_command


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal([installed_command("scratchnet-tui"), "--paused"], columns=120, lines=40)
    yield term
    term.close()


def step_on_screen(text: str) -> int:
    match = re.search(r"step (\d+)", text)
    return int(match.group(1)) if match else -1


def test_start_step_run_pause_and_quit(terminal: Terminal) -> None:
    assert terminal.wait_for(
        lambda t: "step 0" in t and t.count("●") >= 100 and "q Quit" in t, timeout=20
    ), terminal.text()
    screen = terminal.text()
    assert "prediction f(x, y)" in screen and "loss (log scale)" in screen
    assert screen.count("●") >= 100, "the 121 training points are drawn on the picture"
    assert "paused" in screen
    assert re.search(r"space Pause +n Step +r Reset", screen), "the footer lists the keys"
    terminal.send("n")
    assert terminal.wait_for(lambda t: "step 1 " in t and "loss 0.2919" in t), terminal.text()
    terminal.send(" ")
    assert terminal.wait_for(lambda t: "running" in t and step_on_screen(t) > 50), terminal.text()
    terminal.send(" ")
    assert terminal.wait_for(lambda t: "paused" in t), terminal.text()
    terminal.send("q")
    assert terminal.wait_exit(timeout=5) == 0


def test_quit_while_training_is_prompt(terminal: Terminal) -> None:
    assert terminal.wait_for(lambda t: "paused" in t, timeout=20)
    terminal.send(" ")
    assert terminal.wait_for(lambda t: "running" in t and step_on_screen(t) > 20)
    terminal.send("q")
    assert terminal.wait_exit(timeout=2) == 0
