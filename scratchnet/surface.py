"""The network's answer everywhere in a rectangle: the picture the terminal app draws."""

from scratchnet.network import Network

Box = tuple[float, float]


def predict_grid(
    network: Network,
    columns: int,
    rows: int,
    x_range: Box = (-2.0, 2.0),
    y_range: Box = (-2.0, 2.0),
) -> list[list[float]]:
    """The prediction at the centre of each cell of a `columns` x `rows` grid.

    Row 0 is the top of the picture (the largest y), as on a screen; column 0 is the left
    (the smallest x). Sampling cell centres keeps the picture symmetric about the origin.
    """
    if columns < 1 or rows < 1:
        raise ValueError(f"a grid needs at least one column and one row, got {columns}x{rows}")
    x_low, x_high = x_range
    y_low, y_high = y_range
    xs = [x_low + (x_high - x_low) * (c + 0.5) / columns for c in range(columns)]
    ys = [y_high - (y_high - y_low) * (r + 0.5) / rows for r in range(rows)]
    forward = network.forward
    return [[forward([x, y]) for x in xs] for y in ys]
