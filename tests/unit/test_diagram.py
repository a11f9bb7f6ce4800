"""The network diagram without a screen: layout, links, cursor, words, and the frame builder."""

from dataclasses import replace

import pytest
from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from scratchnet.datasets import grid
from scratchnet.features import FEATURES
from scratchnet.modes.tutorial import tutorial_run
from scratchnet.network import Network
from scratchnet.neurons_view import neuron_grids
from scratchnet.run import Run
from tui.drawing.colours import ORANGE, level_of, shades_for
from tui.drawing.diagram import (
    DARK,
    LEGEND,
    LIGHT_BLUE,
    NODE_MARKS,
    changed_spans,
    describe,
    link_style,
    plain,
    render,
    strength,
)
from tui.drawing.diagram_cursor import Cursor, Link, Node, clamp, move, start
from tui.drawing.diagram_frame import diagram_frame
from tui.drawing.diagram_layout import FOOTER, HEADER, Layout, fits_down, lay_out, min_gap
from tui.drawing.levels import on_colour_scale
from tui.snapshot import DiagramFrame

ALL_FEATURES = tuple(FEATURES)
LARGEST = (7, 8, 8, 8, 8, 8, 8, 1)  # the Playground's largest network, every feature on
DEFAULT = (2, 4, 1)


def run_of(network: Network, features: tuple[str, ...]) -> Run:
    """The tutorial's run of this very network (the diagram draws it through the contract)."""
    return tutorial_run(network, grid(2), features)


def frame_for(shape: tuple[int, ...], layout: Layout, cursor: Cursor | None = None) -> DiagramFrame:
    features = ALL_FEATURES[: shape[0]]
    network = Network(shape[0], list(shape[1:-1]), seed=0, activation="tanh")
    return diagram_frame(run_of(network, features), layout.samples, cursor)


def drawn(frame: DiagramFrame, layout: Layout, system: str = "truecolor") -> list[list[Segment]]:
    return render(frame, layout, shades_for(system), system, Style())


def cells(lines: list[list[Segment]]) -> list[list[tuple[str, Style]]]:
    """Each line as (character, style) cells."""
    return [
        [(character, segment.style or Style()) for segment in line for character in segment.text]
        for line in lines
    ]


def one_link(weight: float, size: tuple[int, int] = (40, 12)) -> tuple[DiagramFrame, Layout]:
    """A network of one input and no hidden layer: one link, of the given weight."""
    layout = lay_out((1, 1), *size)
    network = Network(1, [], seed=0)
    network.layers[0][0].weights = [weight]
    return diagram_frame(run_of(network, ("x",)), layout.samples), layout


def braille(lines: list[list[Segment]]) -> list[tuple[str, Style]]:
    return [cell for line in cells(lines) for cell in line if "\u2801" <= cell[0] <= "\u28ff"]


def dots(found: list[tuple[str, Style]]) -> int:
    """How many braille dots these cells show."""
    return sum(bin(ord(character) - 0x2800).count("1") for character, _ in found)


# -- layout -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(56, 34), (58, 34), (58, 36)])
def test_the_largest_network_fits_the_pane_at_120_by_40(size: tuple[int, int]) -> None:
    width, height = size
    layout = lay_out(LARGEST, width, height)
    assert layout.notes() == ""
    assert [column.layer for column in layout.columns] == list(range(8))
    assert [len(column.tops) for column in layout.columns] == list(LARGEST)
    columns, rows = layout.picture
    assert (columns, rows) == (4, 2)  # 4 x 4 samples: a square
    for left, right in zip(layout.columns, layout.columns[1:]):
        assert right.left - (left.left + columns) >= min_gap(columns)  # room for the links
    assert layout.columns[0].left >= 1 and layout.columns[-1].left + columns < width
    for column in layout.columns:
        assert column.tops[0] >= HEADER
        assert column.tops[-1] + rows + 1 <= height - FOOTER  # the picture and its label row
        assert all(b - a > rows for a, b in zip(column.tops, column.tops[1:]))


def test_the_default_network_gets_big_pictures_and_a_bigger_pane_bigger_ones() -> None:
    assert lay_out(DEFAULT, 58, 34).picture == (10, 5)
    assert lay_out(LARGEST, 100, 50).picture > lay_out(LARGEST, 58, 34).picture


def test_a_column_too_tall_says_how_many_neurons_it_leaves_out() -> None:
    layout = lay_out((2, 40, 1), 58, 34)
    shown = fits_down(34 - HEADER - FOOTER, layout.picture[1])
    assert layout.notes() == f"+{40 - shown} neurons not shown"
    text = plain(drawn(frame_for((2, 40, 1), layout), layout))
    assert text.splitlines()[-2] == layout.notes()
    column = layout.columns[1]
    under_the_last = text.splitlines()[column.tops[-1] + layout.picture[1]]
    marker = under_the_last[column.left - 1 : column.left + layout.picture[0] + 1]
    assert marker.strip() == f"+{40 - shown}"


def test_too_many_layers_leaves_out_the_last_hidden_ones_and_says_so() -> None:
    shape = (7, *[8] * 16, 1)
    layout = lay_out(shape, 58, 34)
    assert "layers not shown" in layout.notes()
    layers = [column.layer for column in layout.columns]
    assert layers[0] == 0 and layers[-1] == len(shape) - 1  # the inputs and the output stay
    assert layers[:-1] == list(range(len(layers) - 1))
    assert layout.layers_not_shown == len(shape) - len(layers)


def test_a_pane_too_small_says_so() -> None:
    layout = lay_out(LARGEST, 12, 4)
    assert layout.columns == ()
    assert layout.notes() == "too small for the diagram"


@pytest.mark.parametrize(
    "shape", [(1, 1), DEFAULT, (2, 40, 1), LARGEST, (7, *[8] * 16, 1), (3, 1, 1, 1, 1)]
)
@pytest.mark.parametrize("size", [(58, 34), (46, 36), (30, 12), (120, 50), (8, 3)])
def test_every_line_is_exactly_the_pane_wide(shape: tuple[int, ...], size: tuple[int, int]) -> None:
    layout = lay_out(shape, *size)
    lines = drawn(frame_for(shape, layout, Node(1, 0)), layout)
    assert len(lines) == size[1]
    assert all(sum(len(segment.text) for segment in line) == size[0] for line in lines)


# -- links --------------------------------------------------------------------------------------


def test_a_links_sign_is_its_colour_and_its_pattern() -> None:
    positive = braille(drawn(*one_link(2.0)))
    negative = braille(drawn(*one_link(-2.0)))
    assert positive and negative
    assert {style.color for _, style in positive} == {Color.from_rgb(*LIGHT_BLUE)}
    assert {style.color for _, style in negative} == {Color.from_rgb(*ORANGE)}
    assert dots(negative) < 0.7 * dots(positive)  # dashed: tells the signs apart without colour


def test_a_links_size_is_its_strength_against_the_largest_weight() -> None:
    assert [strength(w, 3.0) for w in (0.5, -1.5, 2.5, -3.0)] == [0, 1, 2, 2]
    assert strength(0.5, 0.5) == 1  # small weights are measured against 1, not the largest
    faint, middling, strong = (link_style("truecolor", DARK, grade, False) for grade in range(3))
    assert strong.color == Color.from_rgb(*LIGHT_BLUE)
    distances = [
        sum(abs(a - b) for a, b in zip(style.color.get_truecolor(), DARK))  # type: ignore[union-attr]
        for style in (faint, middling, strong)
    ]
    assert distances == sorted(distances) and len(set(distances)) == 3  # fainter: nearer the ground


def test_on_16_colours_strength_is_bold_or_dim() -> None:
    styles = [link_style("standard", DARK, grade, True) for grade in range(3)]
    assert [(style.dim, style.bold) for style in styles] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    assert (
        link_style("standard", DARK, 2, True).color != link_style("standard", DARK, 2, False).color
    )


def test_a_weak_link_is_dotted() -> None:
    strong = braille(drawn(*one_link(1.0)))
    weak = braille(drawn(*one_link(0.1)))
    assert dots(weak) < 0.7 * dots(strong)


def test_only_the_runs_of_changed_cells_are_repainted() -> None:
    plain_cell, bold_cell = ("a", Style()), ("a", Style(bold=True))
    line = [plain_cell] * 40
    changed = list(line)
    changed[3] = changed[5] = changed[30] = bold_cell
    assert changed_spans(line, changed) == [range(3, 6), range(30, 31)]  # 3 and 5 join
    assert changed_spans(line, line) == []
    assert changed_spans([], line) == [range(40)]


# -- cursor -------------------------------------------------------------------------------------


def test_the_cursor_node_is_marked_and_described() -> None:
    layout = lay_out(DEFAULT, 58, 34)
    frame = frame_for(DEFAULT, layout, Node(1, 2))
    grid = cells(drawn(frame, layout))
    column = layout.columns[1]
    top = column.tops[2]
    for row in range(top, top + layout.picture[1]):
        assert grid[row][column.left - 1][0] == NODE_MARKS[0]
        assert grid[row][column.left + layout.picture[0]][0] == NODE_MARKS[1]
    bias = frame.biases[0][2]
    assert plain(drawn(frame, layout)).splitlines()[-1] == (
        f"neuron 1.3  bias {bias:.3f}  activation tanh"
    )


def test_the_cursor_link_stands_out_and_is_described() -> None:
    layout = lay_out(LARGEST, 58, 34)
    frame = frame_for(LARGEST, layout, Link(2, 1, 2))
    reversed_cells = [cell for cell in braille(drawn(frame, layout)) if cell[1].reverse]
    assert reversed_cells  # the chosen link alone is drawn in reverse
    weight = frame.weights[1][2][1]
    assert describe(frame) == f"weight 1.2 → 2.3 = {weight:.3f}"
    assert describe(replace(frame, cursor=Link(1, 5, 0))) == (
        f"weight sin x → 1.1 = {frame.weights[0][0][5]:.3f}"
    )
    assert describe(replace(frame, cursor=Link(7, 3, 0))).startswith("weight 6.4 → output = ")
    assert describe(replace(frame, cursor=Node(0, 2))) == "input x² (on: ⏎ turns it off)"
    assert describe(replace(frame, cursor=Node(7, 0))).startswith("output  bias ")
    assert describe(replace(frame, cursor=Node(7, 0))).endswith("activation sigmoid")


def test_without_a_cursor_the_legend_and_the_largest_weight_show() -> None:
    layout = lay_out(DEFAULT, 58, 34)
    frame = frame_for(DEFAULT, layout)
    *_, legend, description = plain(drawn(frame, layout)).splitlines()
    assert legend == LEGEND
    largest = max(abs(w) for layer in frame.weights for neuron in layer for w in neuron)
    assert description == f"largest |w| {largest:.3f}"


SHAPE = (3, 4, 2, 1)


@pytest.mark.parametrize(
    ("cursor", "key", "after"),
    [
        (None, "down", Node(1, 0)),
        (Node(1, 0), "down", Node(1, 1)),
        (Node(1, 3), "down", Node(1, 3)),  # stays at the bottom
        (Node(1, 0), "up", Node(1, 0)),
        (Node(1, 3), "right", Link(2, 3, 1)),  # the nearest outgoing link
        (Node(1, 1), "right", Link(2, 1, 1)),  # straight across
        (Node(1, 3), "left", Link(1, 2, 3)),
        (Node(0, 1), "left", Node(0, 1)),  # nothing comes into an input
        (Node(3, 0), "right", Node(3, 0)),  # nothing leaves the output
        (Link(2, 1, 0), "down", Link(2, 1, 1)),  # the next weight of the same neuron
        (Link(2, 1, 1), "down", Link(2, 1, 1)),
        (Link(2, 1, 1), "right", Node(2, 1)),
        (Link(2, 1, 1), "left", Node(1, 1)),
        (Node(1, 3), "tab", Node(2, 1)),
        (Node(3, 0), "tab", Node(0, 0)),  # around again
        (Node(0, 2), "shift+tab", Node(3, 0)),
        (Link(1, 2, 3), "tab", Link(2, 3, 1)),  # along: from where the link ends
        (Link(3, 1, 0), "tab", Link(1, 0, 0)),
        (Link(1, 2, 3), "shift+tab", Link(3, 1, 0)),
        (Node(1, 1), "x", Node(1, 1)),
    ],
)
def test_cursor_moves(cursor: Cursor | None, key: str, after: Cursor) -> None:
    assert move(cursor, SHAPE, key) == after


def test_the_cursor_stays_inside_a_network_that_shrank() -> None:
    assert clamp(Node(3, 7), (2, 4, 1)) == Node(2, 0)
    assert clamp(Link(3, 7, 7), (2, 4, 1)) == Link(2, 3, 0)
    assert clamp(Node(1, 0), (2, 1)) == Node(1, 0)
    assert clamp(None, SHAPE) is None
    assert start((2, 1)) == Node(1, 0)
    assert move(Node(5, 5), (2, 1), "up") == Node(1, 0)


# -- the frame ----------------------------------------------------------------------------------


def test_the_frame_holds_every_picture_and_number_of_the_network() -> None:
    network = Network(3, [4, 2], seed=1, activation="relu")
    frame = diagram_frame(run_of(network, ("x", "y", "xy")), (4, 6), Node(9, 9))
    assert frame.shape == (3, 4, 2, 1)
    assert frame.activations == ("relu", "relu", "sigmoid")
    assert frame.cursor == Node(3, 0)  # clamped into the network
    assert frame.weights[1][1] == tuple(network.layers[1][1].weights)
    assert frame.biases[0] == tuple(n.bias for n in network.layers[0])
    grids = neuron_grids(network, 4, 6, features=("x", "y", "xy"))
    assert frame.pictures[2][0] == tuple(tuple(level_of(v) for v in row) for row in grids[2][0])
    assert frame.pictures[0][1] == tuple(
        tuple(level_of(on_colour_scale(v)) for v in row) for row in grids[0][1]
    )
    x_picture = frame.feature_pictures[0]
    assert len(x_picture) == 6 and len(x_picture[0]) == 4
    assert x_picture[0][0] == 0 and x_picture[0][-1] == 24  # x = -1.5 orange, 1.5 blue: clamped


def test_the_next_frame_keeps_still_what_barely_moved() -> None:
    network = Network(2, [4], seed=0, activation="tanh")
    first = diagram_frame(run_of(network, ("x", "y")), (4, 4))
    neuron = network.layers[0][0]
    neuron.bias += 1e-9  # too little to change a level's colour
    again = diagram_frame(run_of(network, ("x", "y")), (4, 4), previous=first)
    assert again.feature_pictures is first.feature_pictures
    assert again.pictures == first.pictures
    neuron.bias += 2.0
    moved = diagram_frame(run_of(network, ("x", "y")), (4, 4), previous=again)
    assert moved.pictures[0][0] != first.pictures[0][0]


def test_saturated_and_dead_neurons_are_marked_without_colour_and_described() -> None:
    layout = lay_out(DEFAULT, 58, 34)
    marks = (("saturated", "", "dead", ""), ("saturated",))
    frame = replace(frame_for(DEFAULT, layout, Node(1, 2)), marks=marks)
    for system in ("truecolor", "standard"):
        grid = cells(drawn(frame, layout, system))
        hidden, output = layout.columns[1], layout.columns[2]
        assert grid[hidden.tops[0]][hidden.left][0] == "S"
        assert grid[hidden.tops[2]][hidden.left][0] == "†"
        assert grid[hidden.tops[1]][hidden.left][0] not in "S†"
        assert grid[output.tops[0]][output.left][0] == "S"
        assert grid[hidden.tops[0]][hidden.left][1].reverse, "in reverse: it reads on any colours"
    *_, legend, description = plain(drawn(frame, layout)).splitlines()
    assert legend.startswith("S saturated, † dead (h: health); ")
    assert description.endswith("activation tanh  dead relu")
    assert describe(replace(frame, cursor=Node(2, 0))).endswith("  saturated")
    plain_frame = frame_for(DEFAULT, layout)
    assert "S saturated" not in plain(drawn(plain_frame, layout)), "no marks, no legend of them"
