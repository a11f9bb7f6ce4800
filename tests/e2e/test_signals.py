"""What a process manager or a shell does to the app: SIGTERM ends it cleanly, ctrl+z suspends
it. ctrl+z is tested in test_tui_e2e.py, inside a user's session that steps, suspends, comes
back and runs (one app for both stories).

SIGTERM is what `timeout`, systemd and most process managers send. The app autosaves, gives the
terminal back (no alternate screen, mouse tracking or hidden cursor left on) and exits 0.
"""

import os
import signal
from pathlib import Path

from harness.terminal import Terminal
from scratchnet.config import RunConfig
from scratchnet.runfile import load_run
from tests.conftest import installed_command


def started(*options: str) -> Terminal:
    term = Terminal([installed_command("scratchnet-tui"), *options])
    assert term.wait_for(lambda t: "steps/s" in t and "Quit" in t), term.text()
    return term


def test_sigterm_saves_restores_the_terminal_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "autosave.json"
    term = started("--autosave", str(path))
    try:
        assert term.wait_for(lambda t: "running" in t and "step 0 " not in t)
        os.kill(term.pid, signal.SIGTERM)
        assert term.wait_exit() == 0
        term.read(0.5)  # what it wrote last, up to the end of its output
        assert term.modes_left_on() == []
        config, trainer = load_run(path)
        assert config == RunConfig() and trainer.steps > 0
    finally:
        term.close()
