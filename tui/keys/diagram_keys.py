"""What the layer keys mean while the network diagram is open: they act where the cursor is.

`,` and `.` take a neuron from, or add one to, the cursor's layer (not only the last, as they
do elsewhere); `[` removes the cursor's hidden layer and `]` puts a new one after the cursor's
column. Each press becomes one relative command for the worker, which resolves it against the
run it has (`tui.session.changes`), or a one-line reason why the key does nothing there. Like
every change of the network's shape, these start the run again, as in the Playground.
"""

import math
from typing import TypeGuard

from scratchnet.shown import shown
from tui.drawing.diagram_cursor import Cursor, Node, Shape
from tui.session.commands import AddLayer, Command, RemoveLayer, ResizeLayer

ON_INPUTS = "That is the inputs: ⏎ on a feature turns it on or off."
ON_OUTPUT = "The output is one neuron: put the cursor on a hidden layer."


def column_of(cursor: Cursor) -> int:
    """The diagram column a cursor is in: a node's own, a link's target's."""
    return cursor.layer


def neurons_at(cursor: Cursor, shape: Shape, change: int) -> Command | str:
    """One neuron more (+1) or fewer (-1) in the cursor's hidden layer."""
    column = column_of(cursor)
    if column == 0:
        return ON_INPUTS
    if column == len(shape) - 1:
        return ON_OUTPUT
    return ResizeLayer(column - 1, change)


def layers_at(cursor: Cursor, shape: Shape, change: int) -> Command | str:
    """`]` (+1): a new hidden layer right after the cursor's column (before the output on the
    output); `[` (-1): the cursor's hidden layer taken away."""
    column = column_of(cursor)
    last = len(shape) - 1
    if change > 0:
        return AddLayer(at=min(column, last - 1))
    if column == 0:
        return ON_INPUTS
    if column == last:
        return "Put the cursor on a hidden layer to remove it."
    return RemoveLayer(at=column - 1)


def is_input(cursor: Cursor) -> TypeGuard[Node]:
    """Whether the cursor is on a feature (column 0), where Enter turns it on or off."""
    return isinstance(cursor, Node) and cursor.layer == 0


def parameter_value(text: str) -> float:
    """A weight or a bias typed after Enter: any finite number; else a one-line reason."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"type a number such as 0.5 or -2, got {shown(text.strip())}") from None
    if not math.isfinite(value):
        raise ValueError(f"a weight or a bias must be a finite number, got {shown(text.strip())}")
    return value
