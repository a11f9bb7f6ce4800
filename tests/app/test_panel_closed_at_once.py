"""`c` twice in one burst opens the settings panel and closes it before its form is built.

The form is built after the first frame it needs, and the first `c` asked for the keyboard to
go to its first list once built. With the panel already closed by then, the keyboard went to
that list all the same, hidden: the key line lost `space Pause` (space was the list's), and
space opened a list nobody could see instead of pausing. Now the panel stays closed and the
keys stay with the app.
"""

from harness.pilot import keys_together, settled, wait_for
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.controls import ControlsPanel
from tui.widgets.key_footer import KeyFooter


async def test_c_twice_in_one_burst_leaves_the_keys_with_the_app() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        panel = app.query_one(ControlsPanel)
        keys_together(pilot, ["c", "c"])
        await settled(app)
        await panel.settled()  # the form, built once asked for
        await settled(app)
        assert not panel.display
        focused = app.screen.focused
        assert focused is None or panel not in focused.ancestors_with_self, focused
        assert "space" in [item.key for item in app.query_one(KeyFooter).shown]
        await pilot.press("space")
        await wait_for(pilot, lambda s: s.state == "running")
