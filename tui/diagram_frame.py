"""Make the network diagram's frame from a network: made in the worker, drawn by the app.

Every picture is put on the Playground's colour scale: sigmoid outputs (0 to 1) as they are;
features and other activations from -1 (orange) through 0 (neutral) to 1 (blue), clamped
beyond, as the Playground draws its input and hidden nodes. Small pictures flicker easily
between two levels, and every flicker is a line sent to the terminal again, so a level only
changes once the value has clearly moved past it (`tui.levels`, shared with the prediction
picture).
"""

from collections.abc import Sequence
from dataclasses import replace

from rich.style import Style

from scratchnet.features import FEATURES
from scratchnet.network import Network
from scratchnet.neurons_view import feature_grids, neuron_grids
from tui.diagram import Cells, changed_spans, draw, lay_out
from tui.diagram_cursor import Cursor, clamp
from tui.levels import layer_activations, levels, on_colour_scale, squash_for
from tui.palette import shades_for
from tui.snapshot import DiagramFrame


def shown_features(features: Sequence[str]) -> tuple[str, ...]:
    """The diagram's input column for a run fed `features`: every feature, in the Playground's
    order, those switched off too (dimmed), so any of them can be turned on from the diagram."""
    return (*FEATURES, *(name for name in features if name not in FEATURES))


def diagram_frame(
    network: Network,
    features: Sequence[str],
    size: tuple[int, int],
    cursor: Cursor | None = None,
    previous: DiagramFrame | None = None,
    shown: Sequence[str] | None = None,
) -> DiagramFrame:
    """The diagram of `network` (fed `features`), each picture `size` = (columns, rows) samples.

    `size` is what the diagram widget asks for (`NetworkDiagram.SizeChanged`). `shown` are the
    features the input column shows (`shown_features`; by default just `features`): those the
    network is not fed are drawn dimmed, without links. With the `previous` frame of the same
    network shape, levels keep still (see `tui.levels`) and the feature pictures, which never
    change, are the very same objects. The cursor is clamped into the network's shape. The
    network is left as it was found.
    """
    columns, rows = size
    shown = tuple(features if shown is None else shown)
    inputs = () if shown == tuple(features) else tuple(_input(features, name) for name in shown)
    activations = layer_activations(network)
    same_shape = previous is not None and previous.shape[1:] == tuple(
        len(layer) for layer in network.layers
    )
    if previous is not None and previous.features == shown and _sized(previous, size):
        feature_pictures = previous.feature_pictures
    else:
        feature_pictures = tuple(
            levels(grid, squash=on_colour_scale) for grid in feature_grids(shown, columns, rows)
        )
    grids = neuron_grids(network, columns, rows, features=features)
    pictures = tuple(
        tuple(
            levels(
                grid,
                previous.pictures[layer][index] if previous is not None and same_shape else None,
                squash_for(activation),
            )
            for index, grid in enumerate(layer_grids)
        )
        for layer, (layer_grids, activation) in enumerate(zip(grids, activations))
    )
    frame = DiagramFrame(
        features=shown,
        feature_pictures=feature_pictures,
        pictures=pictures,
        biases=tuple(tuple(neuron.bias for neuron in layer) for layer in network.layers),
        weights=tuple(tuple(tuple(neuron.weights) for neuron in layer) for layer in network.layers),
        activations=activations,
        inputs=inputs,
    )
    return replace(frame, cursor=clamp(cursor, frame.shape, frame.off))


def _input(features: Sequence[str], name: str) -> int | None:
    return features.index(name) if name in features else None


def _sized(frame: DiagramFrame, size: tuple[int, int]) -> bool:
    pictures = frame.feature_pictures
    return bool(pictures) and (len(pictures[0][0]), len(pictures[0])) == size


def drawn_cells(frame: DiagramFrame, pane: tuple[int, int]) -> Cells:
    """The diagram as the widget draws it in a pane of `pane` = (width, height) cells, at 256
    colours: for the worker to count what a frame costs to send (`repainted`)."""
    return draw(frame, lay_out(frame.shape, *pane), shades_for("256"), "256", Style())


def repainted(before: Cells, after: Cells) -> int:
    """How many cells the widget repaints going from `before` to `after` (`changed_spans`)."""
    if len(before) != len(after):
        return sum(len(line) for line in after)
    return sum(len(span) for old, new in zip(before, after) for span in changed_spans(old, new))
