"""Notices at 80x24, the size an SSH session opens: no toast covers the bottom lines, and what
a user must read or copy (the Playground URL, the gradient check's report, a saved path) stays
on screen, whole and selectable, until dismissed, saying honestly what was done with it."""

from pathlib import Path

import pytest
from textual.widgets import TextArea

from harness.pilot import case, notices_shown, wait_for, wait_until
from scratchnet.config import RunConfig
from scratchnet.playground import PlaygroundState
from tui.app import ScratchnetApp
from tui.screens.kept_text import KeptText
from tui.widgets.key_footer import KeyFooter

SMALL = (80, 24)


def kept(app: ScratchnetApp) -> KeptText:
    assert isinstance(app.screen, KeptText), f"a text kept on screen, not {app.screen!r}"
    return app.screen


async def test_toasts_stand_above_the_status_and_key_lines_at_80x24() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for n in range(3):
            app.notify(f"notice {n}: long enough to wrap over two lines or three in a toast")
        await wait_until(pilot, lambda: len(app.screen.query("Toast")) == 3)
        await pilot.pause()
        bottom = [app.query_one("#status"), app.query_one("#timeline"), app.query_one(KeyFooter)]
        for toast in app.screen.query("Toast"):
            for line in bottom:
                overlap = toast.region.intersection(line.region)
                assert not overlap, f"a toast at {toast.region} covers {line.id or line}"


async def test_the_playground_url_stays_whole_and_selectable_and_the_copy_is_honest() -> None:
    app = ScratchnetApp(PlaygroundState.from_url("#seed=0.5&networkShape=4,2"), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.url is not None)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
        screen = kept(app)
        area = screen.query_one(TextArea)
        with case("the whole URL, in a text area that selects"):
            assert area.text == snapshot.url and area.read_only
            area.select_all()
            assert area.selected_text == snapshot.url
        with case("it wraps inside the box at 80 columns"):
            assert area.region.right <= SMALL[0] and area.size.height > 1
        with case("the words say what was done: sent, which the terminal may ignore"):
            said = " ".join(str(label.render()) for label in screen.query("Label"))
            assert "OSC 52" in said and "may ignore" in said and "Copied" not in said
            assert "Esc" in said
        with case("the app's letters still act (n: one step), the text stays"):
            await pilot.press("n")
            await wait_for(pilot, lambda s: s.step == 1)
            assert isinstance(app.screen, KeptText)
        with case("Esc closes it"):
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, KeptText))


async def test_the_gradient_report_and_a_saved_path_stay_until_dismissed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ScratchnetApp(RunConfig(density=4), paused=True)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        with case("g: the whole report, kept"):
            await pilot.press("g")
            await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
            text = kept(app).query_one(TextArea).text
            assert "backprop" in text and "output:" in text and "largest relative error" in text
            await pilot.pause()
            assert "Checking backprop" not in notices_shown(app), "the report takes its place"
            await pilot.press("enter")
            await wait_until(pilot, lambda: not isinstance(app.screen, KeptText))
        with case("w: the saved path, whole"):
            await pilot.press("w", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
            text = kept(app).query_one(TextArea).text
            assert str(tmp_path / "scratchnet-run.json") in text and text.startswith("Saved:")
