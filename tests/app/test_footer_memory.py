"""Opening and closing panels again and again leaves nothing behind (issue 11: each toggle used
to leave the footer's old keys alive, about 0.5 MB, through Textual's data-binding watchers).

Objects are counted with gc, not memory measured: a count that grows is the leak itself. The
cases share one app, and every message says which case failed.
"""

import gc

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from harness.pilot import wait_for
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.key_footer import KeyFooter

SIZE = (120, 40)
# With the leak back, each rebuild of the footer leaves its 26 keys alive, and each toggle of a
# panel rebuilds it twice: one toggle, or two rebuilds, end 52 keys above the count, twice what
# an earlier test's app going meanwhile could hide (measured with the leak put back).
TOGGLES = 1
REBUILDS = 2
PANELS = {"the probe panel": ("p", "escape"), "the help": ("question_mark", "escape")}


def alive() -> tuple[int, int]:
    """How many widgets, and how many footer keys among them, are alive now."""
    gc.collect()
    things = gc.get_objects()
    return sum(isinstance(t, Widget) for t in things), sum(isinstance(t, FooterKey) for t in things)


async def test_opening_and_closing_panels_again_and_again_leaves_no_widget_behind() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for keys in PANELS.values():
            await pilot.press(*keys)  # the first toggle may make things kept for later
        await pilot.pause()
        widgets, footer_keys = alive()
        assert footer_keys > 0, "the footer lists keys"
        for panel, keys in PANELS.items():
            for _ in range(TOGGLES):
                await pilot.press(*keys)
            await pilot.pause()
            widgets_before, keys_before = widgets, footer_keys
            widgets, footer_keys = alive()
            # At most as many: an earlier test's app may go meanwhile.
            assert footer_keys <= keys_before, f"{panel}: {footer_keys} keys, not {keys_before}"
            assert widgets <= widgets_before, f"{panel}: {widgets} widgets, not {widgets_before}"

        # When the keys listed do change, the rebuild happens, and the old keys go.
        case = "a footer that rebuilds"
        footer = app.query_one(KeyFooter)
        shown = len(footer.query(FooterKey))
        for _ in range(REBUILDS):
            footer.refresh(recompose=True)  # as Textual's footer does on a bindings update
            await pilot.pause()
        assert len(footer.query(FooterKey)) == shown > 0, f"{case}: it shows its keys again"
        _, after = alive()
        assert after <= footer_keys, f"{case}: {after} footer keys alive, not {footer_keys}"
