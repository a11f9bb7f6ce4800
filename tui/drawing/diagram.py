"""The network diagram, laid out and drawn as lines of Rich segments: no widget here.

As in TensorFlow Playground, the input features, each hidden layer and the output stand left
to right as small pictures (each node's value over the square, in half blocks), and every
weight is a line from a node to a node of the next column, drawn in braille dots (2 x 4 dots a
cell). A link's sign is its colour, blue for positive and orange for negative, and also its
pattern: solid or dashed, so signs stay apart without colour. Its size |w|, measured against
the largest weight in the network (or 1, whichever is bigger), is its strength: strong links
are bright (bold on 16 colours), middling ones paler, weak ones faint (dim) and dotted. Where
links cross in one cell, only the strongest ones are drawn there, in the colour of the largest.
A neuron the last health measurement found saturated, or a dead relu, has a letter on its
picture's corner, `S` or `†` (`MARKS`), legible in any number of colours.

Where everything goes is `diagram_layout.py`'s (`lay_out`). `render(frame, layout, ...)` draws
one frame into exactly `height` lines of `width` cells (`draw` gives them cell by cell); the
widget compares them with the last frame's and repaints only the cells that changed.
"""

import math
from dataclasses import dataclass
from functools import cache

from rich.color import Color, ColorSystem
from rich.console import COLOR_SYSTEMS
from rich.segment import Segment
from rich.style import Style

from scratchnet.features import LABELS
from tui.drawing.colours import ORANGE, RGB, Shades, mix
from tui.drawing.diagram_cursor import Cursor, Link, Node
from tui.drawing.diagram_layout import Layout, link_paths, shape_of
from tui.drawing.numbers import fixed
from tui.snapshot import DiagramFrame, Grid

LIGHT_BLUE = (0x5D, 0xAD, 0xE2)  # the Playground's blue, lightened to read on a dark ground
DARK = (0x1E, 0x1E, 0x1E)
STANDARD_POSITIVE, STANDARD_NEGATIVE = "bright_blue", "yellow"  # the sign colours on 16 colours
NODE_MARKS = ("▕", "▏")  # the cursor's marks left and right of a node's picture
OFF_DOTS = "·"  # a feature switched off: a square of faint dots, its label saying "off"
LEGEND = "blue solid +w, orange dashed -w; brighter: larger |w|"
DEAD_LEGEND = "blue +w, orange -w, bright: large; grey dots: dead (L1)"
DEAD = -1  # the grade of a link L1 froze at 0 for good: drawn below every live link
GREY = (0x9E, 0x9E, 0x9E)
MARKS = {"saturated": "S", "dead": "†"}  # a neuron's health (`DiagramFrame.marks`), on its corner
MARKS_LEGEND = "S saturated, † dead (h: health); "

JOIN = 8  # changed cells closer than this are repainted as one run (a cursor move is ~8 bytes)


def strength(weight: float, largest: float) -> int:
    """0 weak, 1 middling, 2 strong: |w| against the largest |w| (at least 1) in thirds."""
    share = abs(weight) / max(1.0, largest)
    return 2 if share >= 2 / 3 else 1 if share >= 1 / 3 else 0


OTHER = {"on": "off", "off": "on"}


def largest_weight(frame: DiagramFrame) -> float:
    return max(
        (abs(w) for layer in frame.weights for neuron in layer for w in neuron if math.isfinite(w)),
        default=0.0,
    )


@cache
def link_style(color_system: str | None, background: RGB, grade: int, negative: bool) -> Style:
    """A link's colour: by sign; brighter for a stronger link. On 16 colours (or none), the
    terminal's own orange-ish and blue, with bold for strong links and dim for weak ones. A
    dead link (grade DEAD) is a faint grey whatever the weight it was frozen at."""
    system = COLOR_SYSTEMS.get(color_system or "", ColorSystem.STANDARD)
    if grade == DEAD:
        if system in (ColorSystem.STANDARD, ColorSystem.WINDOWS):
            return Style(color="bright_black", dim=True)
        return Style(color=Color.from_rgb(*mix(GREY, background, 0.4)))
    if system in (ColorSystem.STANDARD, ColorSystem.WINDOWS):
        # Rich's nearest of 16 would turn the light blue grey: name the two colours instead.
        standard = STANDARD_NEGATIVE if negative else STANDARD_POSITIVE
        return Style(color=standard, bold=grade == 2, dim=grade == 0)
    colour = ORANGE if negative else LIGHT_BLUE
    faded = mix(colour, background, (0.55, 0.3, 0.0)[grade])
    return Style(color=Color.from_rgb(*faded))


# -- drawing ------------------------------------------------------------------------------------

Cells = list[list[tuple[str, Style]]]


def render(
    frame: DiagramFrame,
    layout: Layout,
    shades: Shades,
    color_system: str | None,
    base: Style,
    background: RGB = DARK,
) -> list[list[Segment]]:
    """The diagram as `layout.height` lines of segments, each exactly `layout.width` cells."""
    return [merge(line) for line in draw(frame, layout, shades, color_system, base, background)]


def draw(
    frame: DiagramFrame,
    layout: Layout,
    shades: Shades,
    color_system: str | None,
    base: Style,
    background: RGB = DARK,
) -> Cells:
    """The diagram cell by cell: `layout.height` lines of `layout.width` (character, style)."""
    cells: Cells = [[(" ", base)] * layout.width for _ in range(layout.height)]
    if frame.shape == shape_of(layout, frame.shape):
        draw_titles(cells, layout, base)
        draw_links(cells, frame, layout, color_system, background, base)
        draw_pictures(cells, frame, layout, shades, base)
        draw_cursor(cells, frame, layout, color_system, background, base)
    notes = layout.notes() or (DEAD_LEGEND if frame.dead else LEGEND)
    if any(mark for layer in frame.marks for mark in layer):
        notes = MARKS_LEGEND + notes
    write(cells, layout.height - 2, 0, notes[: layout.width], base + Style(dim=True))
    write(cells, layout.height - 1, 0, describe(frame)[: layout.width], base + Style(bold=True))
    return cells


def draw_titles(cells: Cells, layout: Layout, base: Style) -> None:
    last = layout.columns[-1].layer
    columns = layout.picture[0]
    for column in layout.columns:
        title = "in" if column.layer == 0 else "out" if column.layer == last else f"L{column.layer}"
        write_centred(cells, 0, column.left, columns, title, base + Style(bold=True))
    if layout.layers_not_shown:
        before, after = layout.columns[-2], layout.columns[-1]
        start = before.left + columns
        write_centred(
            cells,
            0,
            start,
            after.left - start,
            f"+{layout.layers_not_shown}",
            base + Style(dim=True),
        )


def draw_links(
    cells: Cells,
    frame: DiagramFrame,
    layout: Layout,
    color_system: str | None,
    background: RGB,
    base: Style,
) -> None:
    """Each cell shows the dots of its strongest links, in the colour of its largest weight."""
    largest = largest_weight(frame)
    best: dict[tuple[int, int], CellInk] = {}
    off = frame.off
    for link, path in link_paths(layout).items():
        if link.layer == 1 and link.source in off:
            continue  # a feature switched off feeds nothing
        weight = frame.weight(link)
        if frame.is_dead(link):  # frozen by L1: faint grey dots, under any live link
            grade, negative, pattern, size = DEAD, False, 2, 0.0
        else:
            grade = strength(weight, largest)
            negative = weight < 0
            pattern = (0 if grade else 2) + negative
            size = abs(weight)
        for cell, bits in path:
            here = best.get(cell)
            if here is None or grade > here.grade:
                best[cell] = CellInk(grade, size, negative, bits[pattern])
            elif grade == here.grade:
                here.bits |= bits[pattern]
                if size > here.size:
                    here.size, here.negative = size, negative
    for (x, y), ink in best.items():
        if ink.bits and 0 <= y < layout.height and 0 <= x < layout.width:
            style = base + link_style(color_system, background, ink.grade, ink.negative)
            cells[y][x] = (chr(0x2800 + ink.bits), style)


@dataclass
class CellInk:
    """What one cell of links shows: the strongest grade there, its largest |w| and that
    weight's sign, and the dots of every link of that grade."""

    grade: int
    size: float
    negative: bool
    bits: int


def draw_pictures(
    cells: Cells, frame: DiagramFrame, layout: Layout, shades: Shades, base: Style
) -> None:
    columns, rows = layout.picture
    last = layout.columns[-1].layer
    off = frame.off
    for column in layout.columns:
        for index, top in enumerate(column.tops):
            if column.layer == 0 and index in off:
                draw_switched_off(cells, frame, column.left, top, layout.picture, index, base)
                continue
            grid = picture_of(frame, Node(column.layer, index))
            samples = resample(grid, columns, 2 * rows)
            for row in range(rows):
                upper, lower = samples[2 * row], samples[2 * row + 1]
                for x in range(columns):
                    up, down = shades.of[upper[x]], shades.of[lower[x]]
                    # Half blocks in colour; below 256 colours, shade characters (colours.py).
                    cells[top + row][column.left + x] = shades.glyph(up, down)
            mark = MARKS.get(mark_of(frame, Node(column.layer, index)), "")
            if mark:  # on the top left corner, in reverse: it reads without colour
                cells[top][column.left] = (mark, base + Style(bold=True, reverse=True))
            if column.layer == 0:
                write_label(
                    cells, feature_label(frame, index), top + rows, column.left, columns, base
                )
        if column.not_shown and column.layer not in (0, last) and column.tops:
            below = column.tops[-1] + rows
            write_centred(
                cells, below, column.left, columns, f"+{column.not_shown}", base + Style(dim=True)
            )


def draw_switched_off(
    cells: Cells,
    frame: DiagramFrame,
    left: int,
    top: int,
    picture: tuple[int, int],
    index: int,
    base: Style,
) -> None:
    """A feature switched off: a faint dotted square and its label, dim, so it reads as off in
    any number of colours, and stays there to be turned on again."""
    columns, rows = picture
    faint = base + Style(dim=True)
    for row in range(rows):
        write(cells, top + row, left, OFF_DOTS * columns, faint)
    label = f"{feature_label(frame, index)} off"
    write_label(cells, label, top + rows, left, columns, faint)


def feature_label(frame: DiagramFrame, index: int) -> str:
    """A feature's name as people read it: "x²", "sin x" (never cut to "sin": two would read
    the same)."""
    return LABELS.get(frame.features[index], frame.features[index])


def write_label(cells: Cells, label: str, y: int, left: int, columns: int, style: Style) -> None:
    """A feature's label under its picture: centred if it fits in the picture's width and a
    cell, else ending there and reaching left, into the margin before the inputs, where no
    link goes; only where even that is too narrow, without its spaces, then cut."""
    if len(label) <= columns + 1:
        write_centred(cells, y, left, columns, label, style)
        return
    room = left + columns + 1
    if len(label) > room:
        label = label.replace(" ", "")[-room:] if "off" in label else label.replace(" ", "")[:room]
    write(cells, y, max(0, room - len(label)), label, style)


def draw_cursor(
    cells: Cells,
    frame: DiagramFrame,
    layout: Layout,
    color_system: str | None,
    background: RGB,
    base: Style,
) -> None:
    """Marks either side of the chosen node, or the chosen link alone, drawn in reverse."""
    cursor = frame.cursor
    columns, rows = layout.picture
    if isinstance(cursor, Node):
        for column in layout.columns:
            if column.layer == cursor.layer and cursor.index < len(column.tops):
                top = column.tops[cursor.index]
                mark = base + Style(bold=True)
                for row in range(top, top + rows):
                    cells[row][column.left - 1] = (NODE_MARKS[0], mark)
                    cells[row][column.left + columns] = (NODE_MARKS[1], mark)
    elif isinstance(cursor, Link):
        path = link_paths(layout).get(cursor)
        if path is None or (cursor.layer == 1 and cursor.source in frame.off):
            return
        weight = frame.weight(cursor)
        style = base + link_style(color_system, background, 2, weight < 0)
        style += Style(bold=True, reverse=True)
        for (x, y), bits in path:
            if 0 <= y < layout.height and 0 <= x < layout.width:
                cells[y][x] = (chr(0x2800 + bits[0]), style)


def picture_of(frame: DiagramFrame, node: Node) -> Grid:
    if node.layer == 0:
        return frame.feature_pictures[node.index]
    return frame.pictures[node.layer - 1][node.index]


def mark_of(frame: DiagramFrame, node: Node) -> str:
    """What the last health measurement found the node to be: "saturated", "dead" or ""."""
    if node.layer == 0 or not frame.marks:
        return ""
    return frame.marks[node.layer - 1][node.index]


def resample(grid: Grid, columns: int, rows: int) -> list[tuple[int, ...]]:
    """The grid at `columns` x `rows` samples, nearest sample first (the middle level if empty)."""
    if not grid or not grid[0]:
        return [(12,) * columns] * rows
    if len(grid) == rows and len(grid[0]) == columns:
        return list(grid)
    high, wide = len(grid), len(grid[0])
    picks = [min(wide - 1, int((x + 0.5) * wide / columns)) for x in range(columns)]
    return [
        tuple(grid[min(high - 1, int((y + 0.5) * high / rows))][x] for x in picks)
        for y in range(rows)
    ]


# -- words --------------------------------------------------------------------------------------


def node_name(frame: DiagramFrame, layer: int, index: int) -> str:
    """A node's name: "x²" for an input, "2.3" for neuron 3 of layer 2, "output"."""
    if layer == 0:
        return LABELS.get(frame.features[index], frame.features[index])
    if layer == len(frame.shape) - 1:
        return "output"
    return f"{layer}.{index + 1}"


def describe(frame: DiagramFrame) -> str:
    """One line about the cursor's node or link; without a cursor, the scale of the links."""
    cursor: Cursor | None = frame.cursor
    if isinstance(cursor, Node):
        if cursor.layer == 0:
            state = "off" if cursor.index in frame.off else "on"
            return f"input {node_name(frame, 0, cursor.index)} ({state}: ⏎ turns it {OTHER[state]})"
        bias = frame.biases[cursor.layer - 1][cursor.index]
        name = node_name(frame, cursor.layer, cursor.index)
        what = "output" if name == "output" else f"neuron {name}"
        activation = frame.activations[cursor.layer - 1]
        health = {"saturated": "  saturated", "dead": "  dead relu"}.get(mark_of(frame, cursor), "")
        return f"{what}  bias {fixed(bias, 3)}  activation {activation}{health}"
    if isinstance(cursor, Link) and not (cursor.layer == 1 and cursor.source in frame.off):
        weight = frame.weight(cursor)
        source = node_name(frame, cursor.layer - 1, cursor.source)
        target = node_name(frame, cursor.layer, cursor.target)
        dead = "  dead: L1 froze it" if frame.is_dead(cursor) else ""
        return f"weight {source} → {target} = {fixed(weight, 3)}{dead}"
    return f"largest |w| {fixed(largest_weight(frame), 3)}"


# -- cells to segments --------------------------------------------------------------------------


def write(cells: Cells, y: int, x: int, text: str, style: Style) -> None:
    if not 0 <= y < len(cells):
        return
    line = cells[y]
    for offset, character in enumerate(text):
        if 0 <= x + offset < len(line):
            line[x + offset] = (character, style)


def write_centred(cells: Cells, y: int, x: int, width: int, text: str, style: Style) -> None:
    write(cells, y, x + (width - len(text)) // 2, text, style)


def changed_spans(
    before: list[tuple[str, Style]], after: list[tuple[str, Style]], join: int = JOIN
) -> list[range]:
    """The runs of cells of a line that differ. Runs fewer than `join` cells apart become one:
    moving the terminal's cursor over a few unchanged cells costs about as much as sending them.
    """
    if len(before) != len(after):
        return [range(len(after))] if after else []
    spans: list[range] = []
    for x, (old, new) in enumerate(zip(before, after)):
        if old == new:
            continue
        if spans and x - spans[-1].stop < join:
            spans[-1] = range(spans[-1].start, x + 1)
        else:
            spans.append(range(x, x + 1))
    return spans


def merge(line: list[tuple[str, Style]]) -> list[Segment]:
    """A line of cells as few segments: neighbours of one style become one run of text."""
    segments: list[Segment] = []
    run: list[str] = []
    style: Style | None = None
    for character, cell_style in line:
        if cell_style != style and run:
            segments.append(Segment("".join(run), style))
            run = []
        style = cell_style
        run.append(character)
    if run:
        segments.append(Segment("".join(run), style))
    return segments


def plain(lines: list[list[Segment]]) -> str:
    """The diagram's characters alone, line by line: for tests and reports."""
    return "\n".join("".join(segment.text for segment in line).rstrip() for line in lines)
