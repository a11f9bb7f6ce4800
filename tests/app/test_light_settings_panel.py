"""The settings panel is light: its first opening cost 6.8 MB in a 10-minute soak, much of it
Textual's Select (six widgets a list, its list made and filled before anyone opens it) and the
pieces Textual cut and kept of lines drawn under the panel. Now a list is two widgets until it
is opened, drawn cell for cell as Textual's; a refusal's line is made when a value is refused;
the screen and the row of panes are drawn blank. Objects are counted, not memory measured.
"""

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from harness.pilot import case, objects_alive, settled, wait_for, wait_until, widget_text
from scratchnet.features import FEATURES
from tests.app.conftest import Mode
from tui.widgets.controls import ControlsPanel
from tui.widgets.steady_select import SteadySelect

# A value too long for its line wraps, as Textual wraps it.
OPTIONS = [(name, name) for name in ("linear", "relu", "a long one that wraps in two", "tanh")]
STYLE = """
Vertical { width: 24; }
Select { margin-right: 1; }
Select:focus > SelectCurrent { text-style: reverse; }
"""  # as the panel's: a list of its width, in reverse video when focused (app.tcss)


class OneList(App[None]):
    CSS = STYLE
    AUTO_FOCUS = None

    def __init__(self, kind: type[Select[str]]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.kind(OPTIONS, value="tanh", allow_blank=False, compact=True)
            yield Input("the next field")


def screen(app: App[None]) -> list[list[tuple[str, object]]]:
    """Every cell of the screen: its characters, colours and attributes, segment by segment."""
    strips = app.screen._compositor.render_strips()
    return [[(s.text, s.style) for s in Strip.join([line]).simplify()] for line in strips]


async def as_shown(kind: type[Select[str]]) -> tuple[dict[str, object], dict[str, int]]:
    """The screen after each step of using one list, and the list's widgets before and after it
    was first opened."""
    app = OneList(kind)
    shown: dict[str, object] = {}
    widgets: dict[str, int] = {}
    async with app.run_test(size=(40, 12)) as pilot:
        chosen = app.query_one(Select)
        widgets["closed"] = len(list(chosen.walk_children(Widget)))
        steps = [
            ("unfocused", ()),
            ("focused", ("tab",)),
            ("open, on its value", ("enter",)),
            ("Down on the last", ("down",)),
            ("closed", ("escape",)),
            ("Up opens, Up, Enter: the long value", ("up", "up", "enter")),
            ("open on the long value, Down", ("enter", "down")),
            ("chosen", ("enter",)),
            ("left", ("tab",)),
        ]
        for step, keys in steps:
            for key in keys:  # one at a time: a burst is another test's (test_steady_select)
                await pilot.press(key)
                await wait_until(
                    pilot, lambda: chosen.expanded == isinstance(app.focused, SelectOverlay)
                )
                await settled(app)
            shown[step] = (screen(app), chosen.value, getattr(app.focused, "id", None))
        widgets["opened"] = len(list(chosen.walk_children(Widget)))
        await pilot.click(SelectCurrent)
        await wait_until(pilot, lambda: chosen.expanded and isinstance(app.focused, SelectOverlay))
        await settled(app)
        shown["clicked"] = screen(app), chosen.expanded
    return shown, widgets


async def test_a_list_is_two_widgets_until_opened_and_drawn_as_textuals() -> None:
    textuals, textuals_widgets = await as_shown(Select)
    ours, our_widgets = await as_shown(SteadySelect)
    for step, expected in textuals.items():
        with case(step):
            assert ours[step] == expected
    assert our_widgets == {"closed": 1, "opened": 2}, "its value, then its list"
    assert textuals_widgets["closed"] == 5


def strips_alive() -> int:
    return objects_alive(Strip, subclasses=False)


async def test_the_settings_panel_is_half_the_widgets_and_keeps_a_third_of_the_pieces(
    mode: Mode,
) -> None:
    app = mode.app()
    async with app.run_test(size=(120, 40)) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 0)
        await settled(app)
        strips = strips_alive()
        await pilot.press("c")
        panel = app.query_one(ControlsPanel)
        await wait_until(pilot, lambda: panel.has_focus_within)
        await settled(app)

        with case("a title and a control for each setting, no more: 44 widgets, not 93"):
            controls = {"features": len(FEATURES)}
            expected = 3 + sum(  # the panel, the line "Run it again with" and the command
                1 + controls.get(s.name, 2 if s.choices else 1) for s in snapshot.table
            )
            assert len(list(panel.walk_children(Widget, with_self=True))) == expected
            assert not app.query(SelectOverlay), "no list is made before it is opened"

        with case("lines drawn and kept, and their pieces: about 420, not 1200"):
            assert strips_alive() - strips < 500

        with case("the first list opened works at once: Enter, an arrow, Enter chooses"):
            first = panel.query(SteadySelect).first()
            before = first.value
            first.focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: bool(first.query(SelectOverlay)))
            shown = first.query_one(SelectOverlay)
            await wait_until(pilot, lambda: app.focused is shown)
            last = shown.highlighted == shown.option_count - 1
            await pilot.press("up" if last else "down", "enter")
            await wait_until(pilot, lambda: first.value != before and app.focused is first)
            setting = snapshot.setting(str(first.id))
            await wait_for(
                pilot, lambda s: setting.text(getattr(s.config, setting.name)) == first.value
            )

        with case("a refused value says why under its field, the first time"):
            field = panel.query(Input).first()
            field.focus()
            field.value = "not a number"
            await pilot.press("enter")

            def refusal() -> str:
                lines = panel.query(f"#error-{field.id}")
                return widget_text(lines.first()) if lines else ""

            await wait_until(pilot, lambda: "number" in refusal())
            error, children = panel.query_one(f"#error-{field.id}"), list(panel.children)
            assert children.index(error) == children.index(field) + 1, "under its field"
