"""The network diagram's geometry: where each picture and each link's dots go in a pane.

`lay_out(shape, width, height)` picks the biggest square pictures that show every node of a
network of that shape (inputs, hidden layers, output); if nothing fits it leaves out the bottom
of tall columns, then the last hidden layers, and `Layout.notes` says so. `link_paths` gives
every link's braille dots (2 x 4 a cell), cell by cell, in four patterns: solid, dashed (a
negative weight), dotted (a weak one) and sparse (weak and negative). Drawing them is
`diagram.py`'s.
"""

from dataclasses import dataclass
from functools import lru_cache

from tui.drawing.diagram_cursor import Link, Shape

PICTURE_SIZES = ((10, 5), (8, 4), (6, 3), (4, 2), (2, 1))  # (columns, rows) of cells: square
MARGIN = 1  # free cells at each side: the cursor's marks around the first and last columns
HEADER = 1  # the columns' titles
FOOTER = 2  # what is left out (or the legend), and the cursor's description
# Braille: the bit of each dot (column 0..1, row 0..3) of a cell, as Unicode numbers them.
DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
PATTERNS = 4  # solid, dashed (negative), dotted (weak), sparse (weak and negative)


@dataclass(frozen=True)
class Column:
    """One column of nodes on screen: the diagram column it shows, its left edge, where each
    shown node's picture starts, and how many nodes at the bottom did not fit."""

    layer: int
    left: int
    tops: tuple[int, ...]
    not_shown: int


@dataclass(frozen=True)
class Layout:
    """Where everything goes in a pane of `width` x `height` cells."""

    width: int
    height: int
    picture: tuple[int, int]  # a node's picture in cells: (columns, rows)
    columns: tuple[Column, ...]
    layers_not_shown: int = 0  # hidden layers left out between the last two columns

    @property
    def samples(self) -> tuple[int, int]:
        """A picture's size in samples (columns, rows): what the worker should sample."""
        columns, rows = self.picture
        return columns, 2 * rows

    def notes(self) -> str:
        """What the diagram leaves out, in words; empty when everything is shown."""
        words = []
        neurons = sum(column.not_shown for column in self.columns if column.layer > 0)
        inputs = sum(column.not_shown for column in self.columns if column.layer == 0)
        if inputs:
            words.append(f"+{inputs} input{'s' * (inputs > 1)} not shown")
        if neurons:
            words.append(f"+{neurons} neuron{'s' * (neurons > 1)} not shown")
        if self.layers_not_shown:
            layers = self.layers_not_shown
            words.append(f"+{layers} layer{'s' * (layers > 1)} not shown")
        if not self.columns:
            words.append("too small for the diagram")
        return " · ".join(words)


def lay_out(shape: Shape, width: int, height: int) -> Layout:
    """The biggest pictures that show every node; failing that, the fewest nodes left out."""
    body = height - HEADER - FOOTER
    count = len(shape)

    def left_out(rows: int) -> int:
        return sum(max(0, nodes - fits_down(body, rows)) for nodes in shape)

    across = [size for size in PICTURE_SIZES if fits_across(count, size[0], width)]
    if across and body >= 2:
        picture = min(across, key=lambda size: (left_out(size[1]), -size[0]))
        return place(shape, list(range(count)), picture, width, height)
    # Not even the smallest pictures fit every column: drop hidden layers before the output.
    picture = PICTURE_SIZES[-1]
    shown = max(n for n in range(count + 1) if n < 2 or fits_across(n, picture[0], width))
    if shown < 3 or body < 2:
        return Layout(width, height, picture, ())
    layers = [*range(shown - 1), count - 1]
    return place(shape, layers, picture, width, height, layers_not_shown=count - shown)


def min_gap(columns: int) -> int:
    """The fewest cells between two columns of pictures `columns` wide: room for the links."""
    return 2 if columns <= 2 else max(3, columns // 2)


def fits_across(count: int, columns: int, width: int) -> bool:
    return 2 * MARGIN + count * columns + (count - 1) * min_gap(columns) <= width


def fits_down(body: int, rows: int) -> int:
    """How many pictures `rows` high fit in a column: each has a row under it for its label."""
    return max(0, body // (rows + 1))


def place(
    shape: Shape,
    layers: list[int],
    picture: tuple[int, int],
    width: int,
    height: int,
    layers_not_shown: int = 0,
) -> Layout:
    """Spread the chosen columns evenly across, and centre each column's pictures down."""
    columns, rows = picture
    body = height - HEADER - FOOTER
    count = len(layers)
    free = width - 2 * MARGIN - count * columns
    gap = min(free // max(1, count - 1), max(min_gap(columns), 3 * columns))
    left = MARGIN + (free - gap * (count - 1)) // 2
    most = max(min(shape[layer], fits_down(body, rows)) for layer in layers)
    pitch = min(max(rows + 1, body // max(1, most)), 2 * rows + 1)
    placed = []
    for position, layer in enumerate(layers):
        shown = min(shape[layer], fits_down(body, rows))
        tall = (shown - 1) * pitch + rows + 1
        top = HEADER + (body - tall) // 2
        placed.append(
            Column(
                layer=layer,
                left=left + position * (columns + gap),
                tops=tuple(top + index * pitch for index in range(shown)),
                not_shown=shape[layer] - shown,
            )
        )
    return Layout(width, height, picture, tuple(placed), layers_not_shown)


# -- links --------------------------------------------------------------------------------------

# A link's dots, cell by cell: ((x, y), (solid, dashed, dotted, sparse) braille bits).
Path = tuple[tuple[tuple[int, int], tuple[int, ...]], ...]


@lru_cache(maxsize=2)
def link_paths(layout: Layout) -> dict[Link, Path]:
    """Every drawn link's dots, by cell and pattern: fixed for a layout, so worked out once.

    Two layouts are kept: the pane's size now and the one before (a side panel opened and
    closed again). The largest network's paths take some 5 MB, so keeping more would hold
    memory that a long session never gives back (the soak, benchmarks/soak.py, showed it).
    """
    paths: dict[Link, Path] = {}
    columns, rows = layout.picture
    for before, after in zip(layout.columns, layout.columns[1:]):
        if after.layer != before.layer + 1:
            continue  # layers were left out between these two: no links to draw
        x0, x1 = 2 * (before.left + columns), 2 * after.left - 1
        for source, source_top in enumerate(before.tops):
            for target, target_top in enumerate(after.tops):
                y0, y1 = 4 * source_top + 2 * rows - 1, 4 * target_top + 2 * rows - 1
                link = Link(after.layer, source, target)
                paths[link] = dots_by_cell(x0, y0, x1, y1)
    return paths


def dots_by_cell(x0: int, y0: int, x1: int, y1: int) -> Path:
    """The straight line of dots from (x0, y0) to (x1, y1), as braille bits per cell."""
    steps = max(abs(x1 - x0), abs(y1 - y0), 1)
    cells: dict[tuple[int, int], list[int]] = {}
    for step in range(steps + 1):
        x = round(x0 + (x1 - x0) * step / steps)
        y = round(y0 + (y1 - y0) * step / steps)
        bits = cells.setdefault((x // 2, y // 4), [0] * PATTERNS)
        bit = DOT_BITS[x % 2][y % 4]
        for pattern, keep in enumerate((True, step // 2 % 2 == 0, step % 2 == 0, step % 4 == 0)):
            if keep:
                bits[pattern] |= bit
    return tuple((cell, tuple(bits)) for cell, bits in cells.items())


def shape_of(layout: Layout, shape: Shape) -> Shape:
    """The shape a layout was made for, as far as it can tell: `shape` if it fits it."""
    for column in layout.columns:
        if column.layer >= len(shape) or len(column.tops) + column.not_shown != shape[column.layer]:
            return ()
    return shape if layout.columns and layout.columns[-1].layer == len(shape) - 1 else ()
