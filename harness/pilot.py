"""The team's harness for driving the app: Pilot helpers (tests and scripts/screenshots.py)."""

import asyncio
from collections.abc import Callable

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import ScratchnetApp
from tui.snapshot import Snapshot


async def wait_for(
    pilot: Pilot[None], check: Callable[[Snapshot], bool], timeout: float = 10.0
) -> Snapshot:
    """Wait until the app shows a snapshot for which `check` is true, and return it."""
    app = pilot.app
    assert isinstance(app, ScratchnetApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        snapshot = app.snapshot
        if snapshot is not None and check(snapshot):
            await pilot.pause()
            return snapshot
        if loop.time() > deadline:
            raise AssertionError(f"timed out; last snapshot: {snapshot}")
        await pilot.pause(0.01)


def widget_text(widget: Widget) -> str:
    """The characters a widget shows on screen now, line by line."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def status_line(app: ScratchnetApp) -> str:
    return widget_text(app.query_one("#status"))


async def wait_for_settled_frame(pilot: Pilot[None], step: int) -> Snapshot:
    """Wait for a frame at `step` drawn at the panes' current sizes (after a resize round trip)."""
    from tui.session import downsample
    from tui.widgets.loss_plot import LossPlot
    from tui.widgets.prediction_grid import PredictionGrid

    app = pilot.app
    grid = app.query_one(PredictionGrid)
    plot = app.query_one(LossPlot)

    def settled(snapshot: Snapshot) -> bool:
        assert isinstance(app, ScratchnetApp)
        curve = downsample(app.session.trainer.losses, max(2, 2 * plot.size.width))
        return (
            snapshot.step == step
            and len(snapshot.grid) == 2 * grid.layout_.rows
            and snapshot.losses == curve
        )

    snapshot = await wait_for(pilot, settled)
    await pilot.pause(0.1)
    return snapshot
