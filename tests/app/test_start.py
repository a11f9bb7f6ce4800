"""What the app holds back while it starts comes back once the first frame is shown (Pilot)."""

import gc
import subprocess
import sys
from pathlib import Path

from harness import PATIENCE
from harness.pilot import screen_lines, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.loss_plot import LossPlot

ROOT = Path(__file__).resolve().parents[2]


async def test_the_garbage_collector_runs_again_once_the_first_frame_is_shown() -> None:
    """`scratchnet-tui` holds Python's garbage collector off while it starts; a collector
    never let run again would keep every cycle of garbage a long session makes."""
    app = ScratchnetApp(RunConfig(), paused=True)
    gc.disable()  # as `scratchnet-tui` does before it imports the app (tui/lifecycle/garbage.py)
    try:
        async with app.run_test(size=(80, 24)) as pilot:  # where SSH sessions open
            await wait_for(pilot, lambda s: s.step == 0)
            await wait_until(pilot, gc.isenabled)
            assert any("q Quit" in line for line in screen_lines(app))
            # The loss plot, blank while the app started, is drawn once the first frame is
            # shown: it has its frame (plotext's, inside the pane's border).
            plot = app.query_one(LossPlot)
            await wait_until(pilot, lambda: "┌" in widget_text(plot))
    finally:
        gc.unfreeze()  # what the app froze is this test process's, to collect as it likes
        gc.enable()


# Run in a fresh Python: what the app imports before its first frame comes is measured from
# nothing (this test process has imported everything already).
FIRST_FRAME_IMPORTS = """
import sys
from pathlib import Path

import tui.app
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp

LATER = (
    "plotext",  # the loss plot's drawing
    "textual_plotext",
    "scratchnet.playground",  # a Playground run's
    "scratchnet.modes.playground",
    "scratchnet.gradcheck",  # the looks inside: gradient check, probe, neurons, diagram, health
    "scratchnet.probe",
    "scratchnet.neurons_view",
    "tui.drawing.diagram",  # and diagram_cursor, diagram_frame, diagram_layout
    "tui.keys.diagram_keys",
    "tui.session.edits",
    "tui.widgets.network_diagram",
    "tui.widgets.neuron_view",
    "tui.widgets.probe_panel",
    "tui.widgets.health_view",
    # The files: save, open, export, the timeline's and the losses' part. (`scratchnet-tui`
    # itself imports run_json, and files, as it checks its options: a refused one is a
    # RunFileError. Not the rest.)
    "scratchnet.files",
    "scratchnet.runfile",
    "scratchnet.run_json",
    "scratchnet.export",
    "scratchnet.timeline_file",
    "scratchnet.loss_history",
    "tui.session.files",
    "tui.screens",  # the dialogs and the help screen
)


class Watched(ScratchnetApp):
    CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")

    def on_snapshot_ready(self, message):
        if self.snapshot is None:  # the first frame: what has been imported to make it
            imported = sorted(m for m in sys.modules if m.startswith(LATER))
            Path(sys.argv[1]).write_text(repr(imported))  # print's output is the app's, inside
            self.exit()
        super().on_snapshot_ready(message)


Watched(RunConfig(), paused=True).run(headless=True, size=(120, 40))
"""


def test_the_first_frame_of_a_tutorial_run_waits_for_no_code_it_does_not_show(
    tmp_path: Path,
) -> None:
    """plotext (the loss plot's drawing) is imported once the first frame is on screen, the
    Playground's code only for a Playground run, and the looks inside (diagram, neurons, probe,
    gradient check, health view), the files' code and the dialogs when first used: a tutorial
    run's first frame, the app's start, waits for none of them (benchmarks/bench_tui.py times
    it)."""
    script = tmp_path / "first_frame.py"  # a file: Textual finds an app's CSS beside its source
    script.write_text(FIRST_FRAME_IMPORTS)
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "imported")],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "imported").read_text() == "[]"
