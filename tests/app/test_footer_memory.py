"""Opening and closing panels again and again leaves nothing behind (issue 11: each toggle used
to leave the footer's old keys alive, about 0.5 MB, through Textual's data-binding watchers);
so does a text kept on screen (its text area stayed alive, through Textual's theme watchers).

Objects are counted with gc, not memory measured: a count that grows is the leak itself. The
cases share one app, and every message says which case failed.
"""

import pytest
from textual.widget import Widget
from textual.widgets import TextArea

import tui.app
from harness.pilot import case, objects_alive, settled, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.screens.kept_text import KeptText
from tui.widgets.probe_panel import ProbePanel

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40
TOGGLES = 1
PANELS = {"the probe panel": ("p", "escape"), "the help": ("question_mark", "escape")}


def alive() -> int:
    """How many widgets are alive now."""
    return objects_alive(Widget)


async def test_opening_and_closing_panels_again_and_again_leaves_no_widget_behind() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for keys in PANELS.values():
            await pilot.press(*keys)  # the first toggle may make things kept for later
        # So do the probe's numbers, which the worker sends on its own time: at 80x24 they give
        # the probe's pane a scroll bar, made once they are laid out on screen. On a busy
        # machine they came after Esc had hidden the pane, and the bar was made in the count.
        await pilot.press("p")
        probe = app.query_one(ProbePanel)
        await wait_until(pilot, lambda: "f(x, y) =" in widget_text(probe))
        await pilot.press("escape")
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


async def test_a_text_kept_on_screen_leaves_nothing_behind_once_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Textual's TextArea watches the app's theme, and Textual let go of the watchers of closed
    # widgets only when the theme changed: each box kept its text area, and through it all of
    # itself (tui/lifecycle/closed_watchers.py). The soak opened dozens. At once, as the box
    # closes: not at the next sweep (tests/app/test_cache_sweeper.py has that one).
    monkeypatch.setattr(tui.app, "SWEEP_SECONDS", 3600.0)
    app = ScratchnetApp(RunConfig(), paused=True)

    async def open_and_close() -> None:
        await app.run_action("copy_command_line")  # the palette's "copy the command line"
        await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, KeptText))

    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await open_and_close()  # the first may make things kept for later
        await settled(app)
        widgets = alive()
        for _ in range(3):
            await open_and_close()
        await settled(app)
        with case(f"{alive()} widgets, not {widgets}"):
            await wait_until(pilot, lambda: alive() <= widgets and text_areas() == 0)


def text_areas() -> int:
    """How many text areas are alive now."""
    return objects_alive(TextArea)
