"""The command palette under bursts of keys, as a quick typist's keys arrive over SSH: no key
but q and ctrl+c ends the app.

Textual's own palette acted on keys that reached it after an earlier key had closed it (a second
Enter: `ScreenStackError`), or before its list was laid out (PageDown: `KeyError`); the app's
palette (tui/screens/steady_palette.py) drops them.
"""

import random

import pytest
from textual.pilot import Pilot

from harness.pilot import case, keys_together, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.screens.steady_palette import SteadyPalette

SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame: for the tests it fits


def held_keys(seed: int, count: int = 200) -> list[str]:
    """ctrl+p and Enter held down together: `count` of them, in an order the seed gives."""
    return random.Random(seed).choices(["ctrl+p", "enter"], k=count)


def palette_list(app: ScratchnetApp) -> str:
    """What the open palette lists now ("" with none open)."""
    return " ".join(widget_text(hits) for hits in app.screen.query("CommandList"))


async def close_palettes_and_check_the_app_answers(app: ScratchnetApp, pilot: Pilot[None]) -> None:
    """Esc out of any palette left open; then the app and its worker still answer."""
    while isinstance(app.screen, SteadyPalette):
        await pilot.press("escape")
    rate = 0.3 if app.config.learning_rate != 0.3 else 3.0
    app.change(learning_rate=rate)
    await wait_for(pilot, lambda s: s.learning_rate == rate)
    assert app.is_running and app.return_code is None


BURSTS = {
    "ctrl+p xor Enter Enter": ["ctrl+p", "x", "o", "r", "enter", "enter"],
    "ctrl+p Enter ctrl+p Enter": ["ctrl+p", "enter", "ctrl+p", "enter"],
    "ctrl+p PageDown": ["ctrl+p", "pagedown"],
    "ctrl+p x PageUp": ["ctrl+p", "x", "pageup"],
    "ctrl+p and Enter held": held_keys(seed=0),
}


@pytest.mark.parametrize("size", [(120, 40), (40, 12)], ids=["120x40", "40x12"])
async def test_palette_keys_in_a_burst_never_end_the_app(size: tuple[int, int]) -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for name, keys in BURSTS.items():  # each ended the app with Textual's palette
            with case(name):
                keys_together(pilot, keys)
                await close_palettes_and_check_the_app_answers(app, pilot)


async def test_enter_enter_on_a_command_runs_it_once() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p")
        keys_together(pilot, "neurons one more")  # in one burst: no search settled per key
        await wait_until(pilot, lambda: "Neurons: one more" in palette_list(app))
        keys_together(pilot, ["enter", "enter", "x", "o", "r"])  # the rest find it closed
        await wait_for(pilot, lambda s: s.config.hidden == (5,))
        await close_palettes_and_check_the_app_answers(app, pilot)
        assert app.snapshot is not None and app.snapshot.config.hidden == (5,), "ran once"


async def test_the_theme_palette_is_as_steady() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(120, 40)) as pilot:  # rows for textual-dark in the list
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p")
        keys_together(pilot, "theme")  # in one burst: no search settled per key
        await wait_until(pilot, lambda: "Change the current theme" in palette_list(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "textual-dark" in palette_list(app))  # its own palette
        keys_together(pilot, ["enter", "enter", "enter"])
        await close_palettes_and_check_the_app_answers(app, pilot)


async def test_a_palette_opened_while_the_last_one_is_still_closing_is_a_new_one() -> None:
    # Esc then ctrl+p in one burst: the first palette has left the screens but not yet the
    # app's widgets when the second opens. With one fixed id for every palette, the second
    # could not be added (DuplicateIds, 6 of the 7 crashes in a 10-minute soak), and a search
    # still running in a palette taken apart could not find its list (NoMatches). Twice: the
    # first round ended the app every time with the fixed id; the second is one opened after
    # palettes have come and gone. (The NoMatches itself is the next test's.)
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for _ in range(2):
            app.action_command_palette()
            await wait_until(pilot, lambda: bool(palette_list(app)))
            closing = app.screen
            closing.dismiss()
            app.action_command_palette()  # before `closing` is taken apart
            assert isinstance(app.screen, SteadyPalette) and app.screen is not closing
            await wait_until(pilot, lambda: bool(palette_list(app)))
            await close_palettes_and_check_the_app_answers(app, pilot)


async def test_a_search_in_a_palette_being_taken_apart_ends_quietly() -> None:
    # The soak's other crash: a search (a worker) still running after its palette's list had
    # gone, as when the palette is taken apart under it: `NoMatches` for the list ended the app.
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        app.action_command_palette()
        await wait_until(pilot, lambda: bool(palette_list(app)))
        palette = app.screen
        assert isinstance(palette, SteadyPalette)
        await palette.query_one("CommandList").remove()
        search = palette._gather_commands("xor")
        await wait_until(pilot, lambda: search.is_finished)
        palette.dismiss()  # by hand: a palette without its list takes no keys, Esc included
        await close_palettes_and_check_the_app_answers(app, pilot)


async def test_the_palette_offers_no_way_out_q_and_ctrl_c_are_the_ways_out() -> None:
    # The soak's last crash was none: ctrl+p, up, u, Enter chose Textual's own "Quit" in the
    # palette, and the app ended (status 0). q and ctrl+c quit; no palette entry does.
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p", *"quit")
        await wait_until(pilot, lambda: isinstance(app.screen, SteadyPalette))
        await pilot.press("enter", "enter")
        await close_palettes_and_check_the_app_answers(app, pilot)
        kept = [command.title for command in app.get_system_commands(app.screen)]
        assert "Quit" not in kept and {"Theme", "Keys"} <= set(kept)
        assert "Screenshot" not in kept, "it writes files a served app's visitor may not write"
