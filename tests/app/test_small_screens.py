"""What a newcomer over SSH sees first (issue 21), in both modes (the `mode` fixture): at 80x24
and up to 200x60 the key line keeps `? Help` and `q Quit`, and lists only the keys that act
where the focus is; the status line begins with the run's state; the picture's bottom border
says what the run is, and follows the keys that change it; the grey curve says it is the run
before; a weight typed while paused changes the loss shown, as it does the accuracy.

The screen is read as a person reads it (`screen_lines`), so a word cut or hidden fails.
"""

from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from harness.pilot import case, screen_lines, settled, wait_for, wait_until, widget_text
from scratchnet.run import losses_now
from tests.app.conftest import Mode
from tui.app import ScratchnetApp
from tui.screens.help import HelpScreen
from tui.snapshot import Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.key_footer import KeyFooter
from tui.widgets.loss_plot import LossPlot
from tui.widgets.status_bar import loss_text

SIZES = [(80, 24), (100, 30), (120, 40), (200, 60)]


async def resize(pilot: Pilot[None], width: int, height: int) -> None:
    """Make the terminal that size, and wait until the screen is drawn at it."""
    await pilot.resize_terminal(width, height)
    app = pilot.app
    await wait_until(pilot, lambda: len(screen_lines(app)) == height)
    await wait_until(pilot, lambda: len(screen_lines(app)[-1]) == width)
    await settled(app)


async def show(pilot: Pilot[None], shown: Snapshot) -> None:
    """Put a frame made by the test on screen, as if the worker had sent it: again if one of
    the worker's own comes after it."""
    app = pilot.app
    assert isinstance(app, ScratchnetApp)

    def on_screen() -> bool:
        if app.snapshot is not shown:
            app.snapshot = shown
            return False
        return True

    await wait_until(pilot, on_screen)
    await settled(app)


def key_line(app: ScratchnetApp) -> str:
    return screen_lines(app)[-1]


def status(app: ScratchnetApp) -> str:
    return screen_lines(app)[-2]


def identity(app: ScratchnetApp) -> str:
    """What the picture's bottom border says: `xor · tanh · x,y · 2-4-4-1`."""
    line = next((line for line in screen_lines(app) if line.startswith("╰─ ")), "")
    return line.removeprefix("╰─ ").split(" ─")[0]


async def test_the_key_line_keeps_help_and_quit_at_every_size_and_in_the_panel(
    mode: Mode,
) -> None:
    app = mode.app()
    async with app.run_test(size=SIZES[0]) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for width, height in SIZES:
            await resize(pilot, width, height)
            line = key_line(app)
            with case(f"{width}x{height}: {line}"):
                assert "? Help" in line and "q Quit" in line
                assert "space Pause" in line and "n Step" in line
                assert len(line.rstrip()) <= width
        with case(f"u URL, for a run with a URL, where there is room: {line}"):
            assert ("u URL" in line) == (mode.name == "playground")

        await resize(pilot, *SIZES[0])
        await pilot.press("c")
        panel = app.query_one(ControlsPanel)
        await wait_until(pilot, lambda: panel.has_focus_within)
        for kind, takes in [(Select, "space Pause"), (Checkbox, "space Pause"), (Input, "q Quit")]:
            fields = panel.query(kind)
            if not fields:
                continue  # the Playground's settings are all lists and checkboxes
            fields.first().focus()
            await settled(app)
            line = key_line(app)
            with case(f"the panel's {kind.__name__} has the focus: {line}"):
                assert takes not in line, "a key the field takes for itself is not listed"
                assert "Help" in line and "Quit" in line and "esc Leave" in line
                if kind is Input:
                    assert "f1 Help" in line and "^c Quit" in line and "n Step" not in line
                else:
                    assert "? Help" in line and "q Quit" in line
        await pilot.press("escape")
        await wait_until(pilot, lambda: not panel.has_focus_within)
        line = key_line(app)
        with case(f"esc leaves the fields: every key acts again: {line}"):
            assert "space Pause" in line and "q Quit" in line and "esc Leave" not in line

        with case("a click on a key presses it (a served app's visitors have a mouse)"):
            await pilot.click(KeyFooter, offset=(line.index("? Help"), 0))
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_the_status_line_begins_with_the_state_at_80x24(mode: Mode) -> None:
    app = mode.app(2)  # the tutorial's with a test set (train ratio 50), as the Playground's
    async with app.run_test(size=SIZES[0]) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 2 and s.train_accuracy is not None)
        await settled(app)
        for case_name, shown in [
            ("as trained", snapshot),
            ("a tiny loss", replace(snapshot, loss=1.11e-04, test_loss=1.23e-04)),
            ("diverged", replace(snapshot, state="diverged")),
        ]:
            await show(pilot, shown)
            line = status(app)
            with case(f"{case_name}: {line}"):
                assert line.split()[0] == shown.state
                assert f"{mode.unit} 2 " in line
                assert f"loss {loss_text(shown.loss)} " in line
                assert "test loss" in line and "acc " in line


async def test_what_the_run_is_shows_and_follows_the_keys(mode: Mode) -> None:
    app = mode.app(3)
    async with app.run_test(size=SIZES[0]) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 3)
        await settled(app)
        dataset, activation, features, sizes = identity(app).split(" · ")
        with case(f"the run as it began: {identity(app)}"):
            assert dataset == snapshot.dataset
            assert activation == "tanh"
            assert sizes == "-".join(map(str, (len(app.session.run.features), 3, 2, 1)))
            assert features.split(",")[:2] == ["x", "y"]

        await pilot.press("d")
        await wait_until(pilot, lambda: identity(app).split(" · ")[0] != dataset)
        with case(f"d: the next dataset: {identity(app)}"):
            assert identity(app).split(" · ")[0] == app.session.snapshot().dataset
            ghost = app.session.snapshot().ghost
            assert ghost is not None and ghost[0].startswith(f"before: dataset {dataset}")

        await pilot.press("a")
        await wait_until(pilot, lambda: identity(app).split(" · ")[1] != activation)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: identity(app).split(" · ")[3].count("-") == 4)

        plot = app.query_one(LossPlot)
        with case("the grey curve's legend says it is the run before, even at 80 columns"):
            await wait_until(pilot, lambda: "before: dataset" in widget_text(plot))


async def test_a_weight_typed_while_paused_changes_the_loss_shown(mode: Mode) -> None:
    app = mode.app(3)
    async with app.run_test(size=SIZES[0]) as pilot:
        before = await wait_for(pilot, lambda s: s.step == 3 and s.train_accuracy is not None)
        await pilot.press("v")
        await wait_for(pilot, lambda s: s.diagram is not None)
        await pilot.press("enter", *"5", "enter")  # the first neuron's bias
        after = await wait_for(
            pilot, lambda s: s.diagram is not None and s.diagram.biases[0][0] == 5
        )
        loss, test_loss = losses_now(app.session.run)
        assert after.loss == loss != before.loss
        assert after.test_loss == test_loss != before.test_loss
        await wait_until(pilot, lambda: f"loss {loss_text(loss)} " in status(app))
