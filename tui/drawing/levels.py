"""Numbers as colour levels that keep still: for the prediction picture and the diagram's.

Every picture the worker sends is a grid of colour levels (`colours.level_of`), made from
values between 0 and 1. A neuron's output is put on that scale as TensorFlow Playground draws
it: a sigmoid's (0 to 1) as it is in the tutorial's runs, any other activation's (and in the
Playground's runs every one) from -1 (orange) through 0 (neutral) to 1 (blue), clamped beyond.
Cells on a boundary between two levels would flicker from frame to frame, and every flicker is a
line sent to the terminal again, so given the previous picture a level only changes once its
value has clearly moved past it (HYSTERESIS).
"""

from collections.abc import Callable, Sequence

from scratchnet.modes.tutorial import DOMAIN
from scratchnet.run import Domain
from tui.drawing.colours import LEVELS, level_of
from tui.snapshot import Grid

HYSTERESIS = 0.75  # a level changes only when the value is this many levels away from it

Squash = Callable[[float], float]


def identity(value: float) -> float:
    return value


def on_colour_scale(value: float) -> float:
    """A value of -1 .. 1 (a feature, a tanh or relu output) as 0 .. 1, clamped beyond."""
    return (min(1.0, max(-1.0, value)) + 1) / 2


def squash_for(activation: str, domain: Domain = DOMAIN) -> Squash:
    """How to put a neuron's output on the 0-to-1 colour scale. In a run whose output runs from
    0 to 1 (the tutorial's), a sigmoid's already is, and every other activation's runs from -1;
    in a run whose output runs from -1 to 1 (the Playground's), every node is drawn from -1 to
    1, a sigmoid's too, as the Playground's own heatmaps draw them."""
    if activation == "sigmoid" and domain.output_low == 0:
        return identity
    return on_colour_scale


def output_scale(domain: Domain) -> Squash:
    """How to put the run's output, and its points' labels, on the 0-to-1 colour scale: from
    the domain's `output_low` (orange) to its `output_high` (blue)."""
    low, high = domain.output_low, domain.output_high
    if (low, high) == (0.0, 1.0):
        return identity
    return lambda value: (value - low) / (high - low)


def levels(
    values: Sequence[Sequence[float]], previous: Grid | None = None, squash: Squash = identity
) -> Grid:
    """A picture's colour levels, each kept from `previous` until its value moved clearly away.

    Without `previous`, or with one of another size, every level is exact.
    """
    rows = len(values)
    if previous is None or len(previous) != rows or (rows and len(previous[0]) != len(values[0])):
        return tuple(tuple(level_of(squash(value)) for value in row) for row in values)
    scale = LEVELS - 1
    return tuple(
        tuple(
            old if abs(squash(value) * scale - old) < HYSTERESIS else level_of(squash(value))
            for value, old in zip(row, old_row)
        )
        for row, old_row in zip(values, previous)
    )


def changed_rows(before: Grid, after: Grid) -> int:
    """How many rows of character cells (two rows of samples each) differ between pictures."""
    if len(before) != len(after):
        return len(after) // 2
    return sum(
        before[top] != after[top] or before[top + 1] != after[top + 1]
        for top in range(0, len(after) - 1, 2)
    )
