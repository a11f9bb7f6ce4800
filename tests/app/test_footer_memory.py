"""Opening and closing panels again and again leaves nothing behind (issue 11: each toggle used
to leave the footer's old keys alive, about 0.5 MB, through Textual's data-binding watchers).

Objects are counted with gc, not memory measured: a count that grows is the leak itself. The
cases share one app, and every message says which case failed.
"""

import gc

from textual.widget import Widget

from harness.pilot import case, settled, wait_for, wait_until
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40
TOGGLES = 1
PANELS = {"the probe panel": ("p", "escape"), "the help": ("question_mark", "escape")}


def alive() -> int:
    """How many widgets are alive now."""
    gc.collect()
    return sum(isinstance(thing, Widget) for thing in gc.get_objects())


async def test_opening_and_closing_panels_again_and_again_leaves_no_widget_behind() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for keys in PANELS.values():
            await pilot.press(*keys)  # the first toggle may make things kept for later
        await settled(app)
        widgets = alive()
        for panel, keys in PANELS.items():
            for _ in range(TOGGLES):
                await pilot.press(*keys)
            await settled(app)
            # At most as many (an earlier test's app may go meanwhile), once the screen closed
            # has been taken apart, which Textual finishes in a task of its own.
            with case(f"{panel}: {alive()} widgets, not {widgets}"):
                await wait_until(pilot, lambda before=widgets: alive() <= before)
            widgets = alive()
