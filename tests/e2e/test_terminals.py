"""The installed app in the terminals people have: every panel opens and closes, nothing crashes,
the picture still means something, and the terminal is given back (issue 11).

Each case starts the app in a real pty read by pyte, at 80x24 (the size xterm and a vt100 open
at), opens panels (which: below), goes back with Esc, and quits. Where colours cannot tell the
picture's levels apart (NO_COLOR, TERM=linux, TERM=vt100: 16 colours or none) the points are
letters (X, O) on shade characters.

The app draws by the colour system Rich finds in the environment: 256 colours, 16, or none
(NO_COLOR). Every panel is opened in the first; in the other two, the panels drawn by colour
system (the neurons, the probe on the picture, the diagram), the settings form and the help
being Textual's own widgets and text. TERM=vt100 is drawn as the Linux console (both 16
colours) and LANG=C as xterm-256color (Python writes UTF-8 in the C locale): there the app
draws its picture, shows its help and quits.
"""

import os
import subprocess
from collections.abc import Iterator
from functools import partial

import pytest

from harness.terminal import Terminal
from tests.conftest import installed_command
from tui.app import ScratchnetApp

SETTINGS = "settings (Tab"
HELP = "this help"  # in the help's list of keys
LOSS = "loss (log scale)"
ESC = "\x1b"

# (environment, what the picture's points are drawn with)
TERMINALS = {
    "xterm-256color": ({}, "●"),
    "NO_COLOR": ({"NO_COLOR": "1"}, "XO"),
    "linux console": ({"TERM": "linux"}, "XO"),
    "vt100": ({"TERM": "vt100"}, "XO"),
    "LANG=C": ({"LANG": "C", "LC_ALL": "C"}, "●"),
}


def on_screen(text: str, shown: bool, screen: str) -> bool:
    return (text in screen) == shown


HELP_STEPS = [("?", HELP, True), (ESC, HELP, False)]


def coloured_panel_steps() -> list[tuple[str, str, bool]]:
    """(key, text, shown): press the key, then wait until `text` is shown, or gone. The panels
    drawn by colour system, each opened and closed."""
    keys = {binding.key for binding in ScratchnetApp.BINDINGS if not isinstance(binding, tuple)}
    steps = []
    for key, title in [("i", "neurons"), ("p", "probe"), ("v", "network (v closes)")]:
        if key in keys:
            steps += [(key, f"─ {title}", True), (ESC, f"─ {LOSS}", True)]
    return steps


def panel_steps() -> list[tuple[str, str, bool]]:
    """Every panel and the help."""
    return [("c", SETTINGS, True), ("c", SETTINGS, False), *coloured_panel_steps(), *HELP_STEPS]


@pytest.fixture
def terminal(request: pytest.FixtureRequest) -> Iterator[tuple[Terminal, str]]:
    env, points = TERMINALS[request.param]
    term = Terminal([installed_command("scratchnet-tui"), "--paused"], 80, 24, env=env)
    yield term, points
    term.close()


@pytest.mark.parametrize("terminal", ["xterm-256color"], indirect=True)
def test_every_panel_opens_and_closes_and_the_app_quits(terminal: tuple[Terminal, str]) -> None:
    opens_and_quits(*terminal, panel_steps())


@pytest.mark.parametrize("terminal", ["NO_COLOR", "linux console"], indirect=True)
def test_the_panels_drawn_by_colour_system_open_and_close(terminal: tuple[Terminal, str]) -> None:
    opens_and_quits(*terminal, coloured_panel_steps())


@pytest.mark.parametrize("terminal", ["vt100", "LANG=C"], indirect=True)
def test_the_picture_and_the_help_show_and_the_app_quits(terminal: tuple[Terminal, str]) -> None:
    opens_and_quits(*terminal, HELP_STEPS)


def opens_and_quits(term: Terminal, points: str, steps: list[tuple[str, str, bool]]) -> None:
    """The picture shows, each step's key shows or hides its text, and `q` quits cleanly."""

    def points_drawn(text: str) -> int:
        return sum(text.count(point) for point in points)

    # The 121 training points, each drawn as its label says (a colour, or a letter).
    assert term.wait_for(lambda t: "paused" in t and points_drawn(t) >= 100), term.text()
    for key, text, shown in steps:
        term.send(key)
        assert term.wait_for(partial(on_screen, text, shown)), f"after {key!r}:\n{term.text()}"
        assert "Traceback" not in term.text()
    term.send("q")
    assert term.wait_exit() == 0
    assert "Traceback" not in term.text() and "Error" not in term.text()
    assert term.modes_left_on() == []


@pytest.mark.parametrize(
    "env, words",
    [
        ({"TERM": "dumb"}, "TERM=dumb cannot show a full-screen app"),
        ({"PYTHONIOENCODING": "ascii"}, "encoding (ascii) cannot show the app's characters"),
    ],
    ids=["TERM=dumb", "ASCII output"],
)
def test_a_terminal_that_cannot_show_the_app_is_refused_in_one_line(
    env: dict[str, str], words: str
) -> None:
    result = subprocess.run(
        [installed_command("scratchnet-tui"), "--paused"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
