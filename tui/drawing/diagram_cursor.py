"""The network diagram's cursor: on a node (a feature or a neuron) or on a link (one weight).

The diagram's columns are numbered as the neuron view numbers layers, plus the inputs: column 0
holds the input features, column l (1, 2, ...) holds `network.layers[l - 1]`, the last column the
output. So `Node(2, 2)` is "neuron 2.3", and `Link(2, 1, 2)` is the weight from neuron 1.2 into
neuron 2.3, `network.layers[1][2].weights[1]`.

A shape is how many nodes each column has: (inputs, hidden sizes..., 1). Features switched
off still stand in column 0 (so they can be turned on again) but have no links: `off` lists
their rows. Moving is a pure function of the cursor, the shape, `off` and a key, so it is tested
without a screen.
"""

from collections.abc import Collection
from dataclasses import dataclass

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Node:
    """A feature (column 0) or a neuron: column `layer`, `index` from the top, both from 0."""

    layer: int
    index: int


@dataclass(frozen=True)
class Link:
    """The weight into neuron `target` of column `layer` from node `source` of the column before."""

    layer: int
    source: int
    target: int


Cursor = Node | Link


def start(shape: Shape) -> Node:
    """Where the cursor starts: the first neuron (the first hidden one, or the output)."""
    return Node(min(1, len(shape) - 1), 0)


def move(
    cursor: Cursor | None, shape: Shape, key: str, off: Collection[int] = frozenset()
) -> Cursor:
    """The cursor after `key`: up/down within a column (or along a node's fan of links),
    left/right between a node and its links, tab/shift+tab to the next/previous column.

    On a node, right goes to its outgoing link that runs straight across (or the nearest one),
    left to its incoming one. On a link, up/down choose another target of the same source; left
    and right go to the link's two ends. Tab wraps around; other keys leave the cursor alone.
    A feature that is `off` has no links: right stays on it, and links skip it.
    """
    cursor = clamp(cursor, shape, off)
    if cursor is None:
        return start(shape)
    last = len(shape) - 1
    if isinstance(cursor, Node):
        layer, index = cursor.layer, cursor.index
        if key in ("up", "down"):
            step = -1 if key == "up" else 1
            return Node(layer, _within(index + step, shape[layer]))
        if key == "right" and layer < last and not (layer == 0 and index in off):
            return Link(layer + 1, index, _within(index, shape[layer + 1]))
        if key == "left" and layer > 0:
            return Link(layer, _source(layer, index, shape, off), index)
        if key in ("tab", "shift+tab"):
            column = (layer + (1 if key == "tab" else -1)) % len(shape)
            return Node(column, _within(index, shape[column]))
        return cursor
    layer, source, target = cursor.layer, cursor.source, cursor.target
    if key in ("up", "down"):
        step = -1 if key == "up" else 1
        return Link(layer, source, _within(target + step, shape[layer]))
    if key == "right":
        return Node(layer, target)
    if key == "left":
        return Node(layer - 1, source)
    if key in ("tab", "shift+tab") and last > 1:
        # The links between the next pair of columns, starting where this link ends.
        column = (layer - 1 + (1 if key == "tab" else -1)) % last + 1
        source = target if key == "tab" else source
        return Link(column, _source(column, source, shape, off), _within(target, shape[column]))
    return cursor


def clamp(cursor: Cursor | None, shape: Shape, off: Collection[int] = frozenset()) -> Cursor | None:
    """The cursor moved inside `shape` (after a layer shrank or went); None if nothing is left."""
    if cursor is None or len(shape) < 2 or min(shape) < 1:
        return None
    last = len(shape) - 1
    if isinstance(cursor, Node):
        layer = _within(cursor.layer, last + 1)
        return Node(layer, _within(cursor.index, shape[layer]))
    layer = min(last, max(1, cursor.layer))
    return Link(
        layer, _source(layer, cursor.source, shape, off), _within(cursor.target, shape[layer])
    )


def _source(layer: int, index: int, shape: Shape, off: Collection[int]) -> int:
    """The node nearest `index` in the column before `layer` that has links (not `off`)."""
    count = shape[layer - 1]
    linked = [row for row in range(count) if layer > 1 or row not in off]
    if not linked:
        return _within(index, count)
    return min(linked, key=lambda row: (abs(row - index), row))


def _within(index: int, count: int) -> int:
    return min(count - 1, max(0, index))
