"""The network's answer everywhere in a rectangle: the picture the terminal app draws."""

from collections.abc import Sequence

from scratchnet.activations import SIGMOID
from scratchnet.features import DEFAULT_FEATURES, FEATURES, check_features
from scratchnet.network import Network
from scratchnet.neuron import Neuron

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

    The numbers are exactly those of `network.forward` at each centre; they are worked out a
    layer at a time for every cell at once (`outputs_everywhere`), which takes about 60 % of the
    time of a forward pass per cell, since the app draws this picture again after every step.
    """
    xs, ys, features = grid_inputs(network, columns, rows, x_range, y_range, features)
    (answers,) = outputs_everywhere(network, xs, ys, features)[-1]
    return in_rows(answers, columns)


def outputs_everywhere(
    network: Network, xs: list[float], ys: list[float], features: Sequence[str]
) -> list[list[list[float]]]:
    """Every neuron's output at every point of the grid `xs` x `ys`, the rows of the grid one
    after the other: outputs[layer][neuron][point]. The network is not changed.

    The same arithmetic as `network.forward` at each point, in the same order, so the same
    numbers to the last bit: only done for all the points at once, neuron by neuron.
    """
    values = [[FEATURES[name](x, y) for y in ys for x in xs] for name in features]
    layers = []
    for layer in network.layers:
        values = [neuron_everywhere(neuron, values) for neuron in layer]
        layers.append(values)
    return layers


def neuron_everywhere(neuron: Neuron, inputs: list[list[float]]) -> list[float]:
    """A neuron's output at many points, given each of its inputs at every point.

    As `Neuron.forward`: the weighted sum starts at 0.0 and adds input times weight, input by
    input, then the bias; then the activation (a plain `Neuron` is the tutorial's sigmoid one).
    """
    sums = [0.0] * len(inputs[0])
    for weight, values in zip(neuron.weights, inputs):
        sums = [total + value * weight for total, value in zip(sums, values)]
    bias, activation = neuron.bias, getattr(neuron, "activation", SIGMOID).function
    return [activation(total + bias) for total in sums]


def in_rows(values: list[float], columns: int) -> list[list[float]]:
    """A grid's values, one row after the other, cut into its rows."""
    return [values[start : start + columns] for start in range(0, len(values), columns)]
