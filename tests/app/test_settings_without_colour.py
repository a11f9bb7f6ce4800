"""The settings panel reads without colour: at 16 colours and under NO_COLOR a feature's box
says whether it is on, and the focused field is marked, in its characters, not in a shade."""

import pytest

from harness.pilot import case, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp


async def test_checkbox_state_and_the_focused_field_show_in_the_text_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ScratchnetApp(RunConfig(features=("x", "y")), paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        assert app.no_color
        await pilot.press("c")
        await wait_until(pilot, lambda: bool(app.query("#feature-x2")) and app.focused is not None)
        on, off = app.query_one("#feature-x"), app.query_one("#feature-x2")

        with case("a feature on and one off differ in their box, not only in colour"):
            on_text, off_text = widget_text(on), widget_text(off)
            assert on_text.split()[0] != off_text.split()[0], (on_text, off_text)

        with case("the focused field's title is marked, the others' not"):
            first = app.focused
            assert first is not None and first.id
            focused_title = widget_text(app.query_one(f"#label-{first.id}"))
            other = "activation" if first.id != "activation" else "learning_rate"
            other_title = widget_text(app.query_one(f"#label-{other}"))
            assert "▶" in focused_title and "▶" not in other_title, (focused_title, other_title)

        with case("a focused feature box reads differently from the same box unfocused"):
            before = widget_text(off)
            off.focus()
            await wait_until(pilot, lambda: app.focused is off)
            await pilot.pause()
            assert widget_text(off) != before and "◀" in widget_text(off), before
            assert "▶" in widget_text(app.query_one("#label-features"))
