"""`scratchnet-tui --load` of a run whose loss is 1.7e+308 draws it (it ended the app)."""

from pathlib import Path

from harness.terminal import Terminal
from tests.app.test_huge_numbers import extreme_run
from tests.conftest import installed_command


def test_load_a_run_of_huge_numbers(tmp_path: Path) -> None:
    path = extreme_run(tmp_path / "huge.json")
    terminal = Terminal([installed_command("scratchnet-tui"), "--paused", "--load", str(path)])
    try:
        shown = terminal.wait_for(lambda t: "loss 1.7000e+308" in t and "1e+300" in t)
        assert shown, terminal.text()
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text()
    finally:
        terminal.close()
