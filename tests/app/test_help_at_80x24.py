"""Help at 80x24, in both modes: its first screen says how to close it, and what it says of
the run is said in the run's own terms (a Playground run's epochs, settings, features, URL)."""

from textual.widgets import Static

from harness.pilot import case, keys_together, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tests.app.conftest import Mode
from tui.app import ScratchnetApp
from tui.screens.help import HelpScreen
from tui.screens.kept_text import KeptText


async def test_help_says_how_to_close_at_its_top_and_describes_the_run_on_screen(
    mode: Mode,
) -> None:
    app = mode.app()
    async with app.run_test(size=(80, 24)) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        box = app.screen.query_one("#help")

        with case("the first screen says how to close it"):
            says = [s for s in app.screen.query(Static) if "closes" in str(s.render())]
            shown = [s for s in says if s.region and box.region.contains_region(s.region)]
            assert shown and "Esc" in widget_text(shown[0]), [s.region for s in says]

        with case("the prose is about this run, in its own unit and settings"):
            text = " ".join(str(static.render()) for static in app.screen.query("Static"))
            text = " ".join(text.split())
            assert f"One {mode.unit}" in text and f"after each {mode.unit}" in text
            low = int(snapshot.domain.low)
            assert f"[{low}, {int(snapshot.domain.high)}]²" in text
            assert "features x, y" in text
            if snapshot.url is not None:
                assert "in batches of 8" in text and "TensorFlow Playground" in text
                assert "regularization L1" in text
            else:
                assert "epoch" not in text and "Playground URL" not in text


async def test_keys_typed_in_a_box_over_help_never_close_help_from_under_it() -> None:
    # A report (g) or a saved path arrives in its box while help is open; `?` typed there was
    # passed down to help, which closed from under the box, and the next one ended the app
    # (InvalidStateError: a screen dismissed twice), found by the soak.
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.keep_text("a report", title="Gradient check")
        await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
        keys_together(pilot, ["question_mark", "question_mark", "q", "escape"])
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))  # the box closed
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1)  # and help closes
        assert app.is_running and app.return_code is None
