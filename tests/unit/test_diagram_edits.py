"""Editing from the diagram without a screen: which number a cursor stands for, the layer keys
at the cursor, features switched off, and the diagram's frames in the worker."""

import math

import pytest
from rich.style import Style

from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from scratchnet.modes import make_run
from scratchnet.modes.tutorial import SHAPE_RULES, tutorial_run
from scratchnet.network import Network
from scratchnet.run import Run
from tui.drawing.colours import shades_for
from tui.drawing.diagram import OFF_DOTS, draw
from tui.drawing.diagram_cursor import Link, Node, clamp, move
from tui.drawing.diagram_frame import diagram_frame, shown_features
from tui.drawing.diagram_layout import lay_out
from tui.keys.diagram_keys import layers_at, neurons_at, parameter_value
from tui.session import TrainingSession, edits
from tui.session.changes import add_layer, remove_layer
from tui.session.commands import AddLayer, NudgeParameter, RemoveLayer, ResizeLayer, SetParameter


def run_of(network: Network, features: tuple[str, ...] = ("x", "y")) -> Run:
    """The tutorial's run of this very network (its edits are the network's)."""
    return tutorial_run(network, grid(2), features)


# -- which number ---------------------------------------------------------------------------


def test_a_nudge_moves_exactly_the_bias_or_weight_under_the_cursor() -> None:
    network = Network(2, [4], seed=0)
    before = network.parameters()
    done = edits.apply(NudgeParameter(Node(1, 2), 1), run_of(network, ("x", "y")))
    assert not done.error and done.text.startswith("bias of neuron 1.3: ")
    assert network.layers[0][2].bias == before[3 * 2 + 2] + edits.NUDGE
    edits.apply(NudgeParameter(Link(2, 3, 0), -1), run_of(network, ("x", "y")))
    assert network.layers[1][0].weights[3] == before[12 + 3] - edits.NUDGE
    changed = [i for i, (a, b) in enumerate(zip(before, network.parameters())) if a != b]
    assert changed == [3 * 2 + 2, 12 + 3]


def test_the_input_column_is_every_feature_in_the_playgrounds_order() -> None:
    # A run fed y then x: the diagram still shows x first; its link is the network's input 1.
    network = Network(2, [1], seed=0)
    from_y = network.layers[0][0].weights[0]
    assert shown_features(("y", "x"))[:2] == ("x", "y")
    edits.apply(SetParameter(Link(1, 0, 0), 0.75), run_of(network, ("y", "x")))
    assert network.layers[0][0].weights == [from_y, 0.75]
    frame = diagram_frame(run_of(network, ("y", "x")), (4, 4), shown=shown_features(("y", "x")))
    assert frame.weight(Link(1, 0, 0)) == 0.75
    assert frame.off == {2, 3, 4, 5, 6}


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        (Link(1, 2, 0), "feature is off"),
        (Node(0, 0), "An input has no bias"),
        (Node(1, 7), "no such neuron"),
        (Node(4, 0), "no such layer"),
    ],
)
def test_a_cursor_on_nothing_changes_nothing_and_says_why(at: Node | Link, reason: str) -> None:
    network = Network(2, [4], seed=0)
    before = network.parameters()
    done = edits.apply(NudgeParameter(at, 1), run_of(network, ("x", "y")))
    assert done.error and reason in done.text
    assert network.parameters() == before


def test_a_value_that_is_not_finite_is_refused() -> None:
    network = Network(2, [4], seed=0)
    before = network.parameters()
    assert edits.apply(SetParameter(Node(1, 0), math.inf), run_of(network, ("x", "y"))).error
    assert network.parameters() == before
    for text in ("nan", "inf", "-inf", "1e999", "", "one"):
        with pytest.raises(ValueError):
            parameter_value(text)
    assert parameter_value(" -2.5 ") == -2.5


# -- layers at the cursor -------------------------------------------------------------------


def test_the_layer_keys_name_the_cursors_layer() -> None:
    shape = (7, 3, 2, 1)
    assert neurons_at(Node(2, 1), shape, 1) == ResizeLayer(1, 1)
    assert neurons_at(Link(1, 0, 2), shape, -1) == ResizeLayer(0, -1)  # a link: its target's
    assert isinstance(neurons_at(Node(0, 0), shape, 1), str)
    assert isinstance(neurons_at(Node(3, 0), shape, 1), str)
    assert layers_at(Node(1, 0), shape, 1) == AddLayer(at=1)
    assert layers_at(Node(0, 0), shape, 1) == AddLayer(at=0)
    assert layers_at(Node(3, 0), shape, 1) == AddLayer(at=2)
    assert layers_at(Node(2, 0), shape, -1) == RemoveLayer(at=1)
    assert isinstance(layers_at(Node(3, 0), shape, -1), str)


def test_adding_and_removing_a_layer_anywhere() -> None:
    assert add_layer((3, 2), SHAPE_RULES, at=1) == {"hidden": (3, 3, 2)}
    assert add_layer((3, 2), SHAPE_RULES, at=0) == {"hidden": (3, 3, 2)}
    assert add_layer((3, 2), SHAPE_RULES, at=2) == {"hidden": (3, 2, 2)}
    assert add_layer((3, 2), SHAPE_RULES) == {"hidden": (3, 2, 2)}
    assert add_layer((), SHAPE_RULES, at=0) == {"hidden": (4,)}
    assert isinstance(add_layer((3, 2), SHAPE_RULES, at=5), str)
    assert remove_layer((3, 2), at=0) == {"hidden": (2,)}
    assert remove_layer((3, 2)) == {"hidden": (3,)}
    assert isinstance(remove_layer((3, 2), at=2), str)
    assert isinstance(remove_layer(()), str)


# -- features switched off ------------------------------------------------------------------


def test_the_cursor_goes_round_features_that_are_off() -> None:
    shape, off = (7, 4, 1), {2, 3, 4, 5, 6}
    assert move(Node(0, 4), shape, "right", off) == Node(0, 4)
    assert move(Node(1, 3), shape, "left", off) == Link(1, 1, 3)  # the nearest feature on
    assert move(Node(0, 4), shape, "up", off) == Node(0, 3)  # but nodes stay reachable
    assert clamp(Link(1, 5, 0), shape, off) == Link(1, 1, 0)


def test_a_feature_that_is_off_is_drawn_faint_without_links() -> None:
    network = Network(2, [4], seed=0)
    layout = lay_out((7, 4, 1), 58, 36)
    frame = diagram_frame(
        run_of(network, ("x", "y")), layout.samples, shown=shown_features(("x", "y"))
    )
    cells = draw(frame, layout, shades_for("256"), "256", Style())
    column = layout.columns[0]
    top, left = column.tops[2], column.left  # x², off
    assert {character for character, _ in cells[top][left : left + 4]} == {OFF_DOTS}
    assert all(style.dim for _, style in cells[top][left : left + 4])
    on_top = column.tops[0]
    assert OFF_DOTS not in "".join(c for c, _ in cells[on_top][left : left + 4])
    # No braille dots leave an off feature's row next to its picture; some leave x's.
    right = left + layout.picture[0]

    def links_beside(row: int) -> str:
        return "".join(c for c, _ in cells[row][right : right + 2] if "\u2801" <= c <= "\u28ff")

    assert links_beside(on_top + layout.picture[1] - 1)
    assert not any(links_beside(top + row) for row in range(layout.picture[1]))


# -- frames in the worker -------------------------------------------------------------------


def test_the_worker_makes_diagram_frames_only_while_it_is_open() -> None:
    session = TrainingSession(make_run(RunConfig()), paused=True)
    assert session.snapshot().diagram is None
    session.frames.show_diagram(True)
    frame = session.snapshot().diagram
    assert frame is not None and frame.shape == (7, 4, 1)
    session.edit(SetParameter(Node(1, 0), 2.5))
    assert session.frames.stale, "an edit shows at once"
    edited = session.snapshot().diagram
    assert edited is not None and edited.biases[0][0] == 2.5
    session.frames.show_diagram(False)
    assert session.snapshot().diagram is None
