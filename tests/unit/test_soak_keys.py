"""The soak (benchmarks/soak.py) types every key the app binds: the app's own, Textual's App's, the
command palette's, its screens' and dialogs'; and moves of several keys in one write. And it
tells a crash from a quit."""

import threading
import time
from pathlib import Path

from harness import PATIENCE
from harness.soak import (
    NO_TERMINAL_SENDS,
    SoakResult,
    _Soaked,
    bound_keys,
    key_bytes,
    soak_keys,
    typed_moves,
)
from harness.terminal import Terminal
from tui.app import ScratchnetApp
from tui.screens.help import HelpScreen
from tui.screens.input_dialog import InputDialog

QUITTING = {"q", "ctrl+c", "ctrl+q", "ctrl+z"}  # bound to quit or suspend: never soaked


def test_every_key_of_every_binding_is_typed_but_those_that_quit() -> None:
    bindings = bound_keys(ScratchnetApp)
    assert {b.key for b in HelpScreen.BINDINGS} | {b.key for b in InputDialog.BINDINGS} <= {
        b.key for b in bindings
    }, "the screens' and dialogs' bindings too"
    keys = soak_keys(bindings)
    names = {name.strip() for binding in bindings for name in binding.key.split(",")}
    typeable = {n for n in names if not n.startswith(("super+", "alt+"))} - NO_TERMINAL_SENDS
    for name in typeable - QUITTING:
        assert key_bytes(name) in keys, f"{name} is not typed"
    for sent in ["+", "=", "-", "\x10", "\x1b", "\r", "?"]:  # \x10 is ctrl+p: the palette
        assert sent in keys
    for quitting in QUITTING:
        assert key_bytes(quitting) not in keys


def test_enter_bursts_and_the_palette_are_typed_in_one_write() -> None:
    moves = typed_moves()
    assert "\x10xor\r\r" in moves, "ctrl+p, a word, Enter twice: before the app answers"
    assert "\r\r" in moves


def test_an_end_with_status_0_and_no_traceback_is_a_quit_a_failure_or_traceback_a_crash(
    tmp_path: Path,
) -> None:
    """The soak counted Textual's palette "Quit" (chosen by random keys, status 0) as a crash:
    how the app ended tells the two apart."""
    ends = {
        "quit": "exit 0",
        "crash": "exit 1",
        "traceback": "echo Traceback; exit 0",
    }
    seen = {}
    for name, end in ends.items():
        result = SoakResult()
        app = _Soaked(["sh", "-c", f"echo Quit; read line; {end}"], str(tmp_path), result)
        try:
            app.send("\r")
            deadline = time.monotonic() + PATIENCE
            while not (result.crashes or result.quits) and time.monotonic() < deadline:
                app.watch_until(time.monotonic() + 0.05)
        finally:
            app.term.close()
        seen[name] = (len(result.quits), len(result.crashes))
    assert seen == {"quit": (1, 0), "crash": (0, 1), "traceback": (0, 1)}


def test_a_read_of_a_program_that_never_stops_writing_ends() -> None:
    """A read returned only once the program paused: one that writes without pause (a run
    drawn at full speed, read on a busy machine) kept the soak reading, sending no key."""
    term = Terminal(["yes", "a line the reader cannot keep up with"])
    try:
        reading = threading.Thread(target=term.read, args=(0.2,), daemon=True)
        reading.start()
        reading.join(PATIENCE)
        assert not reading.is_alive(), "still reading"
    finally:
        term.close()
