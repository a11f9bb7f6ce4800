"""The network diagram in the app: `v`, its cursor, and every edit, checked on the network.

Each edit is a command the worker applies between two steps; the tests read the trainer's own
numbers afterwards (the run is paused, so only the edit can have moved them), and the diagram's
description line, which must show the new number at once.
"""

from textual.widgets import Input

from harness.pilot import wait_for, wait_for_notice, wait_until, widget_text
from scratchnet.config import RunConfig
from scratchnet.network import Network
from tui.app import ScratchnetApp
from tui.drawing.diagram_cursor import Cursor, Link, Node
from tui.session import TrainingSession
from tui.session.edits import NUDGE
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.timeline_bar import TimelineBar

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40


def described(app: ScratchnetApp) -> str:
    """The diagram's last line: what the cursor is on, with its number."""
    diagram = app.query_one(NetworkDiagram)
    return diagram.render_line(diagram.size.height - 1).text.strip()


def network_of(app: ScratchnetApp) -> Network:
    """The network the worker trains (paused in these tests: only edits move it)."""
    assert isinstance(app.session, TrainingSession)
    return app.session.run.trainer.network


def cursor_of(diagram: NetworkDiagram) -> Cursor | None:
    return diagram.cursor


async def open_diagram(app: ScratchnetApp, pilot: object) -> NetworkDiagram:
    await wait_for(pilot, lambda s: s.step == 0)  # type: ignore[arg-type]
    await pilot.press("v")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda s: s.diagram is not None)  # type: ignore[arg-type]
    diagram = app.query_one(NetworkDiagram)
    await wait_until(pilot, lambda: diagram.frame is not None)  # type: ignore[arg-type]
    return diagram


async def test_v_shows_the_diagram_while_open_and_without_it_the_keys_keep_their_meaning() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        diagram = await open_diagram(app, pilot)
        assert app.side == "diagram"
        assert cursor_of(diagram) == Node(1, 0), "a cursor from the start, on the first neuron"
        assert described(app).startswith("neuron 1.1  bias ")
        text = widget_text(diagram)
        for feature in ("x", "y", "x²", "y²", "xy", "sin x", "sin y", "L1", "out"):
            assert feature in text, "every feature stands in the diagram, on or off"
        await pilot.press("n")
        # The first frame at step 1 is the status line's, with the diagram as it was; the
        # frame with the new diagram comes after it (see `SessionLoop._run`).
        await wait_for(pilot, lambda s: s.step == 1)
        bias = network_of(app).layers[0][0].bias
        assert bias != 0.0, "the step moved the bias"
        await wait_for(pilot, lambda s: s.diagram is not None and s.diagram.biases[0][0] == bias)
        await wait_until(pilot, lambda: f"bias {bias:.3f}" in described(app))
        await pilot.press("v")
        await wait_for(pilot, lambda s: s.diagram is None)
        assert app.side == "loss"

        # Without the diagram, + and . keep their meaning: the learning rate, the network.
        await pilot.press("plus")
        await wait_for(pilot, lambda s: s.config.learning_rate > 10)
        await pilot.press("full_stop")
        await wait_for(pilot, lambda s: s.config.hidden == (5,))


async def test_arrows_and_tab_move_over_nodes_and_links_and_plus_minus_nudge_there() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        diagram = await open_diagram(app, pilot)
        network = network_of(app)
        await pilot.press("down", "right")
        assert cursor_of(diagram) == Link(2, 1, 0)
        weight = network.layers[1][0].weights[1]
        assert described(app) == f"weight 1.2 → output = {weight:.3f}"
        await pilot.press("tab")
        assert cursor_of(diagram) == Link(1, 0, 0), "tab: the links into the next column, wrapping"
        await pilot.press("left")
        assert cursor_of(diagram) == Node(0, 0)
        assert described(app).startswith("input x (on")
        await pilot.press("tab", "tab")
        assert cursor_of(diagram) == Node(2, 0)
        assert described(app).startswith("output  bias ")
        await pilot.press("shift+tab")
        assert cursor_of(diagram) == Node(1, 0)

        # + and - nudge the number under the cursor, not the learning rate.
        bias = network.layers[0][0].bias
        await pilot.press("plus", "plus")
        await wait_until(pilot, lambda: network.layers[0][0].bias == bias + NUDGE + NUDGE)
        await wait_until(pilot, lambda: f"bias {bias + 2 * NUDGE:.3f}" in described(app))
        weight = network.layers[1][0].weights[0]
        await pilot.press("right", "minus")
        await wait_until(pilot, lambda: network.layers[1][0].weights[0] == weight - NUDGE)
        await wait_until(pilot, lambda: described(app).endswith(f"= {weight - NUDGE:.3f}"))
        assert app.session.config.learning_rate == 10, "+ and - meant the diagram, not the rate"
        assert app.snapshot is not None and app.snapshot.step == 0


async def test_enter_types_an_exact_weight_or_turns_a_feature_on_and_off() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        diagram = await open_diagram(app, pilot)
        network = network_of(app)
        await pilot.press("left")  # the link from x into neuron 1.1
        before = network.parameters()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"inf", "enter")
        assert "finite" in str(app.screen.query_one("#reason").render())
        await pilot.press("ctrl+a", "ctrl+k", *"abc", "enter")
        assert "type a number" in str(app.screen.query_one("#reason").render())
        assert network.parameters() == before
        await pilot.press("ctrl+a", "ctrl+k", *"-1.25", "enter")
        await wait_until(pilot, lambda: network.layers[0][0].weights[0] == -1.25)
        await wait_until(pilot, lambda: described(app) == "weight x → 1.1 = -1.250")
        changed = [i for i, (a, b) in enumerate(zip(before, network.parameters())) if a != b]
        assert changed == [0], "only that one weight"

        # Enter on a feature turns it on, and it stays there to be turned off.
        await pilot.press("right")  # back to neuron 1.1
        assert cursor_of(diagram) == Node(1, 0)
        await pilot.press("shift+tab", "down", "down")  # the inputs, then x², which is off
        assert cursor_of(diagram) == Node(0, 2)
        assert described(app).startswith("input x² (off")
        await pilot.press("right")
        assert cursor_of(diagram) == Node(0, 2), "a feature that is off has no links to go along"
        await pilot.press("enter")
        snapshot = await wait_for(pilot, lambda s: s.config.features == ("x", "y", "x2"))
        await wait_for(pilot, lambda s: s.diagram is not None and s.diagram.off == {3, 4, 5, 6})
        assert len(network_of(app).layers[0][0].weights) == 3
        assert snapshot.step == 0
        await wait_until(pilot, lambda: described(app).startswith("input x² (on"))
        await pilot.press("enter")
        await wait_for(pilot, lambda s: s.config.features == ("x", "y"))


async def test_layer_keys_act_on_the_cursors_layer_and_restart_the_run() -> None:
    app = ScratchnetApp(RunConfig(hidden=(3, 2)), paused=True, skip_to=5)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 5)
        await pilot.press("v")
        await wait_for(pilot, lambda s: s.diagram is not None)
        await pilot.press("full_stop")  # on layer 1: one neuron more there, not in the last
        await wait_for(pilot, lambda s: s.config.hidden == (4, 2) and s.step == 0)
        await pilot.press("tab", "comma")  # layer 2: one fewer
        await wait_for(pilot, lambda s: s.config.hidden == (4, 1))
        await pilot.press("right_square_bracket")  # a new layer after layer 2, as wide
        await wait_for(pilot, lambda s: s.config.hidden == (4, 1, 1))
        await pilot.press("shift+tab", "left_square_bracket")  # layer 1 goes
        await wait_for(pilot, lambda s: s.config.hidden == (1, 1))
        await wait_for(pilot, lambda s: s.diagram is not None and s.diagram.shape == (7, 1, 1, 1))
        await pilot.press("tab", "tab", "comma")  # on the output: nothing, and it says why
        await wait_for_notice(pilot, "The output is one neuron")
        assert app.session.config.hidden == (1, 1)


async def test_an_edit_shows_on_the_timeline_where_it_was_made() -> None:
    app = ScratchnetApp(RunConfig(), paused=True, skip_to=30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 30)
        await pilot.press("v")
        await wait_until(pilot, lambda: app.query_one(NetworkDiagram).cursor is not None)
        await pilot.press("plus")
        edited = await wait_for(pilot, lambda s: s.timeline is not None and s.timeline.edits)
        assert edited.timeline is not None and edited.timeline.edits == (30,)
        bar = app.query_one(TimelineBar)
        await wait_until(pilot, lambda: "✎" in widget_text(bar))
        await pilot.press("n", "n")  # the run goes on; the edit stays where it was made
        later = await wait_for(pilot, lambda s: s.step == 32)
        assert later.timeline is not None and later.timeline.edits == (30,)
