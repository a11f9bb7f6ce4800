"""Quitting while the worker is deep in something long (a big network's first picture): the app
ends at once, and the autosave holds the run as it stood after its last finished step (issue 11).
That the save is never of half a step is shown in tests/unit/test_trainer_between_steps.py."""

from pathlib import Path

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
        assert term.wait_for(lambda t: "Quit" in t, timeout=20), term.text()
        term.send("q")
        status = term.wait_exit(10)  # a guard against a hang; the time is bench_tui's to measure
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
