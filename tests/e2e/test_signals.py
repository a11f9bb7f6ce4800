"""What a process manager or a shell does to the app: SIGTERM ends it cleanly, ctrl+z suspends it.

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


def test_ctrl_z_suspends_and_the_app_comes_back(tmp_path: Path) -> None:
    term = started("--paused")
    try:
        term.send("\x1a")  # ctrl+z
        stopped = term.wait_for(
            lambda _: process_state(term.pid) == "T" and not term.modes_left_on()
        )
        assert stopped, "stopped, and the shell gets its terminal back"
        term.clear()  # the shell's screen, and then `fg`: the app draws its own again, whole
        os.kill(term.pid, signal.SIGCONT)
        assert term.wait_for(lambda t: "Quit" in t and "prediction" in t), term.text()
        term.send("n")
        assert term.wait_for(lambda t: "step 1 " in t), term.text()
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def process_state(pid: int) -> str:
    """R running, S sleeping, T stopped: the third field of /proc/PID/stat."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
