"""Opening and closing panels again and again leaves nothing behind (issue 11: each toggle used
to leave the footer's old keys alive, about 0.5 MB, through Textual's data-binding watchers).

Objects are counted with gc, not memory measured: a count that grows is the leak itself.
"""

import gc

import pytest
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from harness.pilot import wait_for
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.key_footer import KeyFooter

SIZE = (120, 40)
TOGGLES = 4  # before the fix each toggle left 50 keys alive


def alive(kind: type[object]) -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, kind))


@pytest.mark.parametrize("keys", [("p", "escape"), ("question_mark", "escape")])
async def test_toggling_a_panel_leaves_no_widget_behind(keys: tuple[str, str]) -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press(*keys)  # the first toggle may make things kept for later
        await pilot.pause()
        widgets, footer_keys = alive(Widget), alive(FooterKey)
        for _ in range(TOGGLES):
            await pilot.press(*keys)
        await pilot.pause()
        assert footer_keys > 0, "the footer lists keys"
        assert alive(FooterKey) <= footer_keys  # an earlier test's app may go meanwhile
        assert alive(Widget) <= widgets


async def test_a_footer_that_rebuilds_drops_the_keys_it_removed() -> None:
    """When the keys listed do change, the rebuild happens, and the old keys go."""
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        footer = app.query_one(KeyFooter)
        shown = len(footer.query(FooterKey))
        before = alive(FooterKey)
        for _ in range(TOGGLES):
            footer.refresh(recompose=True)  # as Textual's footer does on a bindings update
            await pilot.pause()
        assert len(footer.query(FooterKey)) == shown > 0
        assert alive(FooterKey) <= before
