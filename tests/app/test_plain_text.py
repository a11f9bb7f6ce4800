"""Text a user or a file supplies is shown as it is, never read as markup: a Playground seed of
`[/]`, a typed path of `[bold]…`, a typed value of `[link=…]`. Read as markup, each ended the app
(`MarkupError`) or lost its brackets.
"""

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from harness.pilot import (
    case,
    keys_together,
    notices_shown,
    status_line,
    wait_for,
    wait_until,
    widget_text,
)
from scratchnet.config import RunConfig
from scratchnet.playground import PlaygroundState
from tui.app import ScratchnetApp
from tui.screens.input_dialog import InputDialog
from tui.serving.policy import VISITOR_FILES
from tui.widgets.network_diagram import NetworkDiagram

# Wide enough for the seed on the status line, and a long path's notice; 24 rows draw 3/5 of
# 120x40's cells.
SIZE = (120, 24)


def unwrapped(text: str) -> str:
    """Text without its spaces and line breaks: a long URL wraps anywhere in a toast."""
    return "".join(text.split())


async def type_into_dialog(pilot: Pilot[None], text: str) -> None:
    """Replace what the open dialog's field holds with `text`, then Enter."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, InputDialog))
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")


@pytest.mark.parametrize("seed", ["[", "[bold", "[/]", "[b]x[/b]"])
async def test_a_playground_seed_in_brackets_is_shown_and_copied_as_it_is(seed: str) -> None:
    app = ScratchnetApp(PlaygroundState.from_url(f"#seed={seed}"), paused=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        assert f"seed {seed} " in status_line(app)

        with case("u copies the URL"):
            await pilot.press("u")
            await wait_until(pilot, lambda: f"&seed={seed}&" in unwrapped(notices_shown(app)))

        with case("the palette copies the command line"):
            app.clear_notifications()
            await pilot.press("ctrl+p")
            keys_together(pilot, "command line")  # in one burst: no search settled per key
            await wait_until(pilot, lambda: isinstance(app.screen.focused, Input))
            listed = app.screen.query("CommandList")
            await wait_until(pilot, lambda: "Command line" in widget_text(listed.first()))
            await pilot.press("enter")
            await wait_until(pilot, lambda: f"&seed={seed}&" in unwrapped(notices_shown(app)))
            assert "scratchnet-tui--playground" in unwrapped(notices_shown(app))


async def test_paths_and_values_typed_with_brackets_are_quoted_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)

        with case("a path the worker cannot use"):
            folder = "[link=https://example.com]no such folder[/link]"
            await pilot.press("w")
            await type_into_dialog(pilot, f"{tmp_path}/{folder}/run.json")
            await wait_until(pilot, lambda: folder in notices_shown(app))

        with case("a path a served app refuses"):
            monkeypatch.setenv(VISITOR_FILES, str(tmp_path))
            await pilot.press("o")
            await type_into_dialog(pilot, "../[bold]out[/]")
            await wait_until(
                pilot, lambda: "../[bold]out[/]: this served app" in notices_shown(app)
            )
            monkeypatch.delenv(VISITOR_FILES)

        with case("a learning rate typed with brackets"):
            await pilot.press("l")
            await type_into_dialog(pilot, "[/]")
            reason = app.screen.query_one("#reason")
            await wait_until(pilot, lambda: "'[/]'" in widget_text(reason))
            await pilot.press("escape")

        with case("a weight typed with brackets, in the diagram"):
            await pilot.press("v")
            diagram = app.query_one(NetworkDiagram)
            await wait_until(pilot, lambda: diagram.frame is not None)  # the worker's first
            await pilot.press("right", "enter")  # the cursor on a link, and set it
            await type_into_dialog(pilot, "[bold]1")
            reason = app.screen.query_one("#reason")
            await wait_until(pilot, lambda: "'[bold]1'" in widget_text(reason))
            await pilot.press("escape")
        assert app.is_running and app.return_code is None
