"""Enter in the command palette runs what was typed, however fast it was typed.

A quick typist's `ctrl+p tanh Enter` arrives in one SSH packet. Textual's palette searches as
each letter arrives, and an Enter that came before the search for "tanh" had ended acted on the
list of the search before: a first Enter highlighted its first command, a second ran it (the
first command of the empty search: "Speed (steps/s): 1"). The app's palette holds an Enter until the
search for what was typed has ended. Here the search takes a while, as on a busy machine.
"""

import asyncio
from dataclasses import replace

import pytest
from textual.command import Hits

from harness.pilot import keys_together, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.keys.command_palette import SettingsCommands
from tui.screens.steady_palette import SteadyPalette

SEARCHING = 0.2  # seconds a search takes on the busy machine


def slow_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings' search, slowed down as on a busy machine."""
    quick = SettingsCommands.search

    async def search(self: SettingsCommands, query: str) -> Hits:
        await asyncio.sleep(SEARCHING)
        async for hit in quick(self, query):
            yield hit

    monkeypatch.setattr(SettingsCommands, "search", search)


def palette_list(app: ScratchnetApp) -> str:
    """What the open palette lists now ("" with none open)."""
    return " ".join(widget_text(hits) for hits in app.screen.query("CommandList"))


@pytest.mark.parametrize("enters", [1, 2], ids=["Enter", "Enter Enter"])
async def test_enter_typed_with_the_search_runs_what_was_typed(
    enters: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_search(monkeypatch)
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: "Speed (steps/s): 1" in palette_list(app))
        keys_together(pilot, ["t", "a", "n", "h"] + ["enter"] * enters)
        await wait_for(pilot, lambda s: s.config.activation == "tanh")
        await wait_until(pilot, lambda: not isinstance(app.screen, SteadyPalette))
        assert app.config == replace(RunConfig(), activation="tanh"), "only tanh was run"
        assert app.is_running
