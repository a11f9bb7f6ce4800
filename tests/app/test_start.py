"""What the app holds back while it starts comes back once the first frame is shown (Pilot)."""

import gc

from harness.pilot import screen_lines, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.loss_plot import LossPlot


async def test_the_garbage_collector_runs_again_once_the_first_frame_is_shown() -> None:
    """`scratchnet-tui` holds Python's garbage collector off while it starts; a collector
    never let run again would keep every cycle of garbage a long session makes."""
    app = ScratchnetApp(RunConfig(), paused=True)
    gc.disable()  # as `scratchnet-tui` does before it imports the app (tui/lifecycle/garbage.py)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
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
