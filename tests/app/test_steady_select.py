"""A settings list open in the settings panel takes Page Up and Page Down even before it has
been laid out: the soak ended the app there (Textual 8.2.8: KeyError in OptionList._move_page,
as the list had no lines yet), in Playground mode. See tui/widgets/steady_select.py."""

from textual.app import App, ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from harness.pilot import wait_for, wait_until
from tests.app.conftest import MODES
from tui.widgets.controls import ControlsPanel
from tui.widgets.steady_select import SteadySelect

OPTIONS = [(name, name) for name in ("linear", "relu", "sigmoid", "tanh")]


class OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadySelect(OPTIONS, value="tanh", allow_blank=False)


async def test_page_keys_in_a_list_with_no_size_yet_do_nothing() -> None:
    app = OneList()
    async with app.run_test() as pilot:
        app.query_one(SteadySelect).focus()
        await pilot.press("enter")
        shown = app.query_one(SelectOverlay)
        assert app.focused is shown
        shown.styles.height = 0  # as the soak left it: open, focused, and no size to lay out in
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "pagedown")
        assert app.is_running and app.focused is shown
        shown.styles.height = None  # given a size again, the pages move
        await pilot.pause()
        await pilot.press("pageup")
        assert shown.highlighted == 0


async def test_every_list_of_the_settings_panel_is_a_steady_one() -> None:
    app = MODES["playground"].app()
    async with app.run_test(size=(80, 24)) as pilot:  # where SSH sessions open
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("c")
        panel = app.query_one(ControlsPanel)
        await wait_until(pilot, lambda: bool(panel.query(Select)))
        lists = panel.query(Select)
        assert len(lists) >= 5 and all(isinstance(each, SteadySelect) for each in lists)
