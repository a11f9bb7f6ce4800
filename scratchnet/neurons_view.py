"""What every neuron has learnt to see: each neuron's own output everywhere in a rectangle.

The prediction picture (`scratchnet.surface.predict_grid`) shows the output neuron only. Each
hidden neuron draws a picture of its own: a first-layer neuron sees a straight edge (its
weighted sum is a plane, squashed), and each layer after combines the pictures of the layer
before into curvier ones. Showing them all is how you see the network build its answer.
"""

from collections.abc import Sequence

from scratchnet.features import DEFAULT_FEATURES, FEATURES, check_features
from scratchnet.network import Network
from scratchnet.surface import Box, cell_centres, grid_inputs, in_rows, outputs_everywhere

# grids[layer][neuron][row][column]: one picture per neuron, each a list of rows.
NeuronGrids = list[list[list[list[float]]]]


def neuron_grids(
    network: Network,
    columns: int,
    rows: int,
    x_range: Box = (-2.0, 2.0),
    y_range: Box = (-2.0, 2.0),
    features: Sequence[str] = DEFAULT_FEATURES,
) -> NeuronGrids:
    """Every neuron's output at the centre of each cell: grids[layer][neuron][row][column].

    The last layer's one picture is exactly `predict_grid(network, columns, rows, x_range,
    y_range, features)`: both come from `outputs_everywhere`, every layer's outputs for every
    cell at once. `features` must be the network's (`trainer.features`). The network is not
    changed.
    """
    xs, ys, names = grid_inputs(network, columns, rows, x_range, y_range, features)
    return [
        [in_rows(outputs, columns) for outputs in layer]
        for layer in outputs_everywhere(network, xs, ys, names)
    ]


def feature_grids(
    features: Sequence[str],
    columns: int,
    rows: int,
    x_range: Box = (-2.0, 2.0),
    y_range: Box = (-2.0, 2.0),
) -> list[list[list[float]]]:
    """Each input feature at the centre of each cell: grids[feature][row][column].

    These are the numbers the network is shown, before any neuron: x is a slope from left to
    right, x² a valley, sin y stripes. Drawn next to the neurons' pictures, they show what the
    first layer has to work with. The values are raw (x² reaches 4 on [-2, 2]); putting them on
    a colour scale is the drawing's business.
    """
    names = check_features(features)
    if columns < 1 or rows < 1:
        raise ValueError(f"a grid needs at least one column and one row, got {columns}x{rows}")
    xs, ys = cell_centres(columns, rows, x_range, y_range)
    return [[[FEATURES[name](x, y) for x in xs] for y in ys] for name in names]
