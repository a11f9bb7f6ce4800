"""The network's answer everywhere in a rectangle: the picture the terminal app draws."""

from collections.abc import Sequence

from scratchnet.features import DEFAULT_FEATURES, check_features, expand
from scratchnet.network import Network

Box = tuple[float, float]


def cell_centres(
    columns: int, rows: int, x_range: Box = (-2.0, 2.0), y_range: Box = (-2.0, 2.0)
) -> tuple[list[float], list[float]]:
    """(xs, ys): the x of each column's centre, left to right, and the y of each row's, top down.

    Row 0 is the top (the largest y), as on a screen; column 0 is the left (the smallest x).
    """
    x_low, x_high = x_range
    y_low, y_high = y_range
    xs = [x_low + (x_high - x_low) * (c + 0.5) / columns for c in range(columns)]
    ys = [y_high - (y_high - y_low) * (r + 0.5) / rows for r in range(rows)]
    return xs, ys


def grid_inputs(
    network: Network,
    columns: int,
    rows: int,
    x_range: Box,
    y_range: Box,
    features: Sequence[str],
) -> tuple[list[float], list[float], tuple[str, ...]]:
    """The cell centres of a grid, and the feature names, checked against the network."""
    if columns < 1 or rows < 1:
        raise ValueError(f"a grid needs at least one column and one row, got {columns}x{rows}")
    names = check_features(features)
    if len(names) != network.num_inputs:
        raise ValueError(f"{len(names)} features for a network of {network.num_inputs} inputs")
    xs, ys = cell_centres(columns, rows, x_range, y_range)
    return xs, ys, names


def predict_grid(
    network: Network,
    columns: int,
    rows: int,
    x_range: Box = (-2.0, 2.0),
    y_range: Box = (-2.0, 2.0),
    features: Sequence[str] = DEFAULT_FEATURES,
) -> list[list[float]]:
    """The prediction at the centre of each cell of a `columns` x `rows` grid.

    Row 0 is the top of the picture (the largest y), as on a screen; column 0 is the left
    (the smallest x). Sampling cell centres keeps the picture symmetric about the origin.

    A network trained on other input features than x and y must be shown the same features
    here: `predict_grid(trainer.network, columns, rows, features=trainer.features)` (or
    `features=config.features` for a `RunConfig`).
    """
    xs, ys, features = grid_inputs(network, columns, rows, x_range, y_range, features)
    forward = network.forward
    if features == DEFAULT_FEATURES:  # the tutorial's inputs: no need to expand each point
        return [[forward([x, y]) for x in xs] for y in ys]
    return [[forward(expand(x, y, features)) for x in xs] for y in ys]
