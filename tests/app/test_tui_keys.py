"""Every key of the app, driven through Textual's Pilot, checked against what a user sees.

The app starts paused in these tests: Pilot waits for the app to look idle before each press,
and a busy worker would make every press slow. An app costs a few tenths of a second of CPU to
start, so cases that can share one app do: each is run in turn from the state it needs.
"""

import math

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from harness.pilot import case, status_line, wait_for, wait_for_notice, wait_until, widget_text
from scratchnet import Network, Trainer
from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from tui.app import ScratchnetApp
from tui.screens.help import HelpScreen
from tui.screens.input_dialog import InputDialog as LearningRateScreen
from tui.widgets.key_footer import KeyFooter

SIZE = (120, 24)  # wide enough for the hints and every key; 24 rows: 3/5 of 120x40's cells
SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame: for the tests it fits
KEY_NAMES = {"+": "plus", "=": "equals_sign", "-": "minus"}


def paused_app(**settings: object) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(**settings), paused=True)  # type: ignore[arg-type]


async def steps_once_the_worker_caught_up(pilot: Pilot[None], app: ScratchnetApp) -> int:
    """The run's step once every key sent so far has been handled: the worker takes commands
    in order, so when a learning-rate change sent now shows, the keys before it are done (and a
    paused run has stopped). The learning rate is put back after."""
    await wait_for(pilot, lambda s: s.learning_rate == 10.0)
    app.change(learning_rate=3.0)
    snapshot = await wait_for(pilot, lambda s: s.learning_rate == 3.0)
    app.change(learning_rate=10.0)
    await wait_for(pilot, lambda s: s.learning_rate == 10.0)
    return snapshot.step


async def test_n_steps_space_runs_and_pauses_and_s_changes_the_seed() -> None:
    app = paused_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        # It starts paused at step 0, and the status line says so.
        await wait_for(pilot, lambda s: s.step == 0 and s.state == "paused")
        status = status_line(app)
        for words in ["step 0", "loss -", "lr 10", "seed 0", "paused", "0 steps/s"]:
            assert words in status, f"at the start: {words!r}"

        # n takes exactly one step each time.
        await pilot.press("n", "n", "n")
        snapshot = await wait_for(pilot, lambda s: s.step == 3)
        assert await steps_once_the_worker_caught_up(pilot, app) == 3, "n n n: exactly 3 steps"
        trainer = Trainer(Network(2, [4], seed=0), grid(), 10)
        expected = [trainer.step() for _ in range(3)][-1]
        assert snapshot.loss == expected, "n n n: the loss of scratchnet's own third step"
        assert f"loss {expected:.4f}" in status_line(app), "n n n"
        assert "step 3" in status_line(app), "n n n"

        # space runs and pauses; n while running pauses first.
        await pilot.press("space")
        running = await wait_for(pilot, lambda s: s.state == "running" and s.step > 20)
        assert "running" in status_line(app), "space"
        await pilot.press("space")
        paused = await wait_for(pilot, lambda s: s.state == "paused")
        assert await steps_once_the_worker_caught_up(pilot, app) == paused.step, "space again"
        assert paused.step >= running.step, "space again"
        await pilot.press("space")
        await wait_for(pilot, lambda s: s.state == "running")
        await pilot.press("n")
        after_n = await wait_for(pilot, lambda s: s.state == "paused")
        assert await steps_once_the_worker_caught_up(pilot, app) == after_n.step, "n while running"

        # s and S change the seed and reset.
        await pilot.press("n", "n", "s")
        await wait_for(pilot, lambda s: s.seed == 1 and s.step == 0)
        assert "seed 1" in status_line(app), "s"
        assert app.session.run.trainer.network.parameters() == Network(2, [4], seed=1).parameters()
        await pilot.press("s", "S")
        await wait_for(pilot, lambda s: s.seed == 1)
        await pilot.press("S")
        await wait_for(pilot, lambda s: s.seed == 0)
        await pilot.press("S")  # already the first seed: says so, changes nothing
        await wait_for_notice(pilot, "already 0")
        assert app.snapshot is not None and app.snapshot.seed == 0, "S at seed 0"


async def test_r_resets_to_fresh_weights_from_the_seed_and_a_diverged_run_says_so() -> None:
    app = paused_app(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press(*"nnnnn")
        await wait_for(pilot, lambda s: s.step == 5)
        assert app.session.run.trainer.network.parameters() != Network(2, [4], seed=3).parameters()
        await pilot.press("r")
        # The status line's frame comes first, with the old curve; then the new picture's.
        snapshot = await wait_for(pilot, lambda s: s.step == 0 and s.losses == ())
        assert math.isnan(snapshot.loss)
        assert app.session.run.trainer.network.parameters() == Network(2, [4], seed=3).parameters()

        # A diverged run says so, with a hint, and r starts it again.
        app.session.run.trainer.network.layers[0][0].weights[0] = math.inf  # worker is idle
        await pilot.press("n")
        await wait_for(pilot, lambda s: s.state == "diverged")
        status = status_line(app)
        assert "diverged" in status and "press r" in status, status
        await pilot.press("r")
        await wait_for(pilot, lambda s: s.state == "paused" and s.step == 0)


async def test_plus_minus_and_a_typed_value_move_the_learning_rate_on_its_ladder() -> None:
    app = paused_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)

        # l and a typed value set the learning rate; + then climbs from it.
        await pilot.press("l")
        assert isinstance(app.screen, LearningRateScreen)
        await pilot.press(*"0.25", "enter")
        await wait_for(pilot, lambda s: s.learning_rate == 0.25)
        assert not isinstance(app.screen, LearningRateScreen)
        assert "lr 0.25" in status_line(app)
        await pilot.press("plus")
        await wait_for(pilot, lambda s: s.learning_rate == 0.3)

        # Each case starts from its rate, set as the settings panel sets it.
        for start, keys, expected in [
            (10.0, "+", 30.0),
            (10.0, "=", 30.0),
            (10.0, "-", 3.0),
            (0.003, "--", 0.001),
            (0.5, "+", 1.0),  # a typed value between rungs goes to the next rung that way
            (0.5, "-", 0.3),
            (10.0, "++", 100.0),
        ]:
            name = f"lr {start} keys {keys}"
            with case(name):
                app.change(learning_rate=start)
                await wait_for(pilot, lambda s, start=start: s.learning_rate == start)
                await pilot.press(*[KEY_NAMES[key] for key in keys])
                snapshot = await wait_for(pilot, lambda s, e=expected: s.learning_rate == e)
                assert app.session.run.trainer.learning_rate == expected, name
                assert snapshot.step == 0, f"{name}: changing the learning rate does not reset"

        # At 100, the top of the ladder: + says so and changes nothing.
        await pilot.press("plus")
        await wait_for_notice(pilot, "top of the ladder")
        assert app.session.run.trainer.learning_rate == 100.0


async def test_learning_rate_dialog_refuses_bad_text_escape_cancels_and_it_closes_once() -> None:
    app = paused_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for text in ["abc", "", "0", "-1", "nan", "inf", "1e999"]:
            with case(f"typed {text!r}"):
                await pilot.press("l")
                if text:
                    await pilot.press(*text)
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, LearningRateScreen), (
                    f"{text!r}: the dialog stays open"
                )
                reason = str(app.screen.query_one("#reason").render())
                assert "learning rate must be" in reason, f"{text!r}: {reason}"
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.screen, LearningRateScreen), f"{text!r}: escape closes it"
                assert app.session.run.trainer.learning_rate == 10.0, repr(text)
                assert app.snapshot is not None and app.snapshot.learning_rate == 10.0, repr(text)

        # Escape cancels a value typed but not entered.
        await pilot.press("l", "3", "escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, LearningRateScreen))
        assert app.session.run.trainer.learning_rate == 10.0, "l 3 escape"

        # The soak found it: a second Enter reaching the dialog as it closed ended the app.
        await pilot.press("l", "3")
        dialog = app.screen
        assert isinstance(dialog, LearningRateScreen)
        field = dialog.query_one(Input)
        dialog.post_message(Input.Submitted(field, "3"))
        dialog.post_message(Input.Submitted(field, "3"))  # before the first has closed it
        await wait_for(pilot, lambda s: s.learning_rate == 3.0)
        assert app.is_running and len(app.screen_stack) == 1, "enter twice in a burst"


async def test_the_footer_and_help_list_every_key_and_help_closes() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        line = app.query_one(KeyFooter)
        await wait_until(pilot, lambda: "Quit" in widget_text(line))
        footer = widget_text(line)
        for key, description in [
            ("space", "Pause"),
            ("n", "Step"),
            ("r", "Reset"),
            ("sS", "Seed"),
            ("+-l", "LR"),
            ("d", "Data"),
            ("a", "Act"),
            ("[],.", "Net"),
            ("t", "Test"),
            ("x", "0/1"),
            ("c", "Panel"),
            ("ipvhg", "Look"),
            ("woe", "File"),
            ("?", "Help"),
            ("q", "Quit"),
        ]:
            assert f"{key}{description}" in "".join(footer.split()), footer

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(widget_text(w) for w in app.screen.query("Static"))
        listed = set(text.split())
        keys = ["space", "n", "r", "s", "S", "+", "-", "l", "?", "q", "ctrl+p"]
        keys += ["d", "a", "[", "]", ",", ".", "t", "x", "c"]
        assert set(keys) <= listed, "help"
        for words in ["pause or resume", "exactly one training step", "next seed", "quit"]:
            assert words in text, "help"
        assert "The picture" in text and "The loss" in text, "help"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_keys_end_the_app_even_while_training(key: str) -> None:
    app = ScratchnetApp(RunConfig(), paused=False)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.state == "running")
        await pilot.press(key)
    assert app.return_code == 0
    assert app.session.finished.wait(10), "the training thread ended too"


async def test_a_terminal_too_small_shows_a_message_until_it_is_big_enough() -> None:
    app = paused_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        message = app.query_one("#too-small")
        assert message.display
        assert "too small" in widget_text(message)
        assert not app.query_one("#main").display
        # The run starts even so, though no picture or plot is laid out to give it a size.
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not app.query_one("#too-small").display, f"resized to {SIZE}"


def test_shades_merge_levels_a_256_colour_terminal_cannot_tell_apart() -> None:
    from tui.drawing.colours import LEVELS, Shades

    true_colour, eight_bit = Shades("truecolor"), Shades("256")
    assert len(true_colour.colors) == LEVELS
    assert 8 <= len(eight_bit.colors) < LEVELS
    assert eight_bit.of[0] != eight_bit.of[LEVELS // 2] != eight_bit.of[-1]
    assert Shades("standard").colors == true_colour.colors
