"""The network diagram widget alone, in a tiny app, with frames made from seeded networks.

Pilot checks what repaints (every repainted line is bytes over SSH); the snapshots are the
diagram at the default network and at the Playground's largest, 7 inputs and 6 layers of 8.
Update them after a reviewed visual change with `--snapshot-update`.
"""

import random
from collections.abc import Callable
from dataclasses import replace

from textual.app import App, ComposeResult
from textual.events import Key
from textual.geometry import Region

from scratchnet.datasets import grid
from scratchnet.features import FEATURES
from scratchnet.modes.tutorial import tutorial_run
from scratchnet.network import Network
from tests.app.conftest import MODES
from tui.drawing.diagram import describe
from tui.drawing.diagram_cursor import Cursor, Link, Node
from tui.drawing.diagram_frame import diagram_frame, shown_features
from tui.drawing.diagram_layout import lay_out
from tui.snapshot import DiagramFrame
from tui.widgets.network_diagram import NetworkDiagram

PANE = (58, 34)  # the diagram's pane at 120 x 40
Compare = Callable[..., bool]


def frame_of(
    features: tuple[str, ...], hidden: list[int], cursor: Cursor | None, size: tuple[int, int]
) -> DiagramFrame:
    """A frame of a seeded network whose weights are spread as after some training."""
    network = Network(len(features), hidden, seed=0, activation="tanh")
    rng = random.Random(7)
    for layer in network.layers:
        for neuron in layer:
            neuron.weights = [rng.gauss(0, 1.5) for _ in neuron.weights]
            neuron.bias = rng.gauss(0, 0.5)
    shape = (len(features), *hidden, 1)
    samples = lay_out(shape, *size).samples
    return diagram_frame(tutorial_run(network, grid(2), features), samples, cursor)


class DiagramApp(App[None]):
    def __init__(self, frame: DiagramFrame) -> None:
        super().__init__()
        self.first_frame = frame
        self.sizes: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield NetworkDiagram()

    def on_mount(self) -> None:
        self.query_one(NetworkDiagram).frame = self.first_frame

    def on_key(self, event: Key) -> None:
        self.query_one(NetworkDiagram).move_cursor(event.key)

    def on_network_diagram_size_changed(self, message: NetworkDiagram.SizeChanged) -> None:
        self.sizes.append((message.columns, message.rows))


NODE_1_3, LINK_12_23 = Node(1, 2), Link(2, 1, 2)


def default_frame(cursor: Cursor | None = NODE_1_3) -> DiagramFrame:
    return frame_of(("x", "y"), [4], cursor, PANE)


def largest_frame(cursor: Cursor | None = LINK_12_23) -> DiagramFrame:
    return frame_of(tuple(FEATURES), [8] * 6, cursor, PANE)


def widget_text(diagram: NetworkDiagram) -> str:
    """What the diagram shows now, line by line (without importing the whole app)."""
    width, height = diagram.size
    strips = diagram.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def repainted_regions(diagram: NetworkDiagram) -> list[Region]:
    """Spy on the widget: the regions it asks to repaint from now on."""
    regions: list[Region] = []
    refresh = diagram.refresh

    def spy(*asked: Region, **kwargs: bool) -> NetworkDiagram:
        regions.extend(asked)
        return refresh(*asked, **kwargs)

    diagram.refresh = spy  # type: ignore[method-assign]
    return regions


async def test_the_diagram_asks_for_pictures_of_its_size_and_describes_the_cursor() -> None:
    app = DiagramApp(largest_frame())
    async with app.run_test(size=PANE) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        assert app.sizes == [(4, 4)]  # 4 x 2 cells of half blocks
        text = widget_text(diagram)
        weight = app.first_frame.weights[1][2][1]
        assert text.splitlines()[-1] == f"weight 1.2 → 2.3 = {weight:.3f}"
        assert "not shown" not in text
        for title in ("in", "L1", "L6", "out", "sin x", "x²"):
            assert title in text


async def test_moving_the_cursor_repaints_only_its_lines() -> None:
    app = DiagramApp(largest_frame(Node(1, 0)))
    async with app.run_test(size=PANE) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        regions = repainted_regions(diagram)
        diagram.frame = replace(app.first_frame, cursor=Node(1, 1))
        await pilot.pause()
        # The marks beside the old and the new picture (2 lines each) and the description.
        assert sorted({region.y for region in regions}) == [4, 5, 7, 8, 33]
        assert all(region.width <= 6 for region in regions if region.y != 33)  # marks only
        assert widget_text(diagram).splitlines()[-1].startswith("neuron 1.2  bias ")


async def test_keys_move_the_cursor_over_nodes_and_links() -> None:
    app = DiagramApp(default_frame(None))
    async with app.run_test(size=PANE) as pilot:
        diagram = app.query_one(NetworkDiagram)
        weights = app.first_frame.weights

        async def described_after(*keys: str) -> str:
            await pilot.press(*keys)
            return widget_text(diagram).splitlines()[-1]

        assert (await described_after("down")).startswith("neuron 1.1  bias ")
        assert (await described_after("down", "down")).startswith("neuron 1.3  bias ")
        assert await described_after("right") == f"weight 1.3 → output = {weights[1][0][2]:.3f}"
        assert await described_after("left", "left") == f"weight y → 1.3 = {weights[0][2][1]:.3f}"
        assert await described_after("left") == "input y (on: ⏎ turns it off)"
        assert (await described_after("tab", "tab")).startswith("output  bias ")
        assert diagram.cursor == Node(2, 0)


async def test_the_same_picture_again_repaints_nothing() -> None:
    app = DiagramApp(default_frame())
    async with app.run_test(size=PANE) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        regions = repainted_regions(diagram)
        diagram.frame = default_frame()  # an equal frame, made again
        await pilot.pause()
        assert regions == []


async def test_a_weight_changing_sign_repaints_its_link() -> None:
    frame = default_frame(None)
    app = DiagramApp(frame)
    async with app.run_test(size=PANE) as pilot:
        await pilot.pause()
        diagram = app.query_one(NetworkDiagram)
        before = widget_text(diagram)
        regions = repainted_regions(diagram)
        output = frame.weights[1][0]
        flipped = replace(frame, weights=(frame.weights[0], ((-output[0], *output[1:]),)))
        diagram.frame = flipped
        await pilot.pause()
        lines = {region.y for region in regions}
        assert 0 < len(lines) < PANE[1] // 2  # the link from 1.1 to the output: dashed, orange
        assert widget_text(diagram) != before


async def test_a_bigger_pane_draws_bigger_pictures() -> None:
    app = DiagramApp(largest_frame())
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert app.sizes[-1][0] > 4


def test_snapshot_default_network(snap_compare: Compare) -> None:
    assert snap_compare(DiagramApp(default_frame()), terminal_size=PANE)


def test_snapshot_seven_inputs_and_six_layers_of_eight(snap_compare: Compare) -> None:
    assert snap_compare(DiagramApp(largest_frame()), terminal_size=PANE)


def playground_frame() -> DiagramFrame:
    """A Playground run's diagram after 40 epochs of L1: its own network over its own square
    (-6 to 6), every feature shown, and the links L1 killed drawn as dead."""
    run = MODES["playground"].straight(40)
    shape = (len(FEATURES), *(len(layer.biases) for layer in run.layers()))
    samples = lay_out(shape, *PANE).samples
    return diagram_frame(run, samples, Link(1, 0, 0), shown=shown_features(run.features))


def test_a_playground_runs_dead_links_are_drawn_and_described_as_such() -> None:
    frame = playground_frame()
    assert frame.is_dead(Link(1, 0, 0)), "x → 1.1 died: L1 froze it at 0"
    assert frame.weight(Link(1, 0, 0)) == 0.0
    assert "dead" in describe(frame)


def test_snapshot_playground_run_with_dead_links(snap_compare: Compare) -> None:
    assert snap_compare(DiagramApp(playground_frame()), terminal_size=PANE)
