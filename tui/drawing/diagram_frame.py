"""Make the network diagram's frame from a run: made in the worker, drawn by the app.

Every picture is put on the Playground's colour scale: features and activations from -1
(orange) through 0 (neutral) to 1 (blue), clamped beyond, as the Playground draws its input and
hidden nodes; a sigmoid's outputs (0 to 1) as they are in the tutorial's runs (see
`tui.drawing.levels`). Small pictures flicker easily
between two levels, and every flicker is a line sent to the terminal again, so a level only
changes once the value has clearly moved past it (`tui.drawing.levels`, shared with the prediction
picture).
"""

from collections.abc import Sequence
from dataclasses import replace

from rich.style import Style

from scratchnet.features import FEATURES
from scratchnet.neurons_view import feature_grids
from scratchnet.run import Run
from tui.drawing.colours import shades_for
from tui.drawing.diagram import Cells, changed_spans, draw
from tui.drawing.diagram_cursor import Cursor, clamp
from tui.drawing.diagram_layout import lay_out
from tui.drawing.levels import levels, on_colour_scale, squash_for
from tui.snapshot import DiagramFrame


def shown_features(features: Sequence[str]) -> tuple[str, ...]:
    """The diagram's input column for a run fed `features`: every feature, in the Playground's
    order, those switched off too (dimmed), so any of them can be turned on from the diagram."""
    return (*FEATURES, *(name for name in features if name not in FEATURES))


def diagram_frame(
    run: Run,
    size: tuple[int, int],
    cursor: Cursor | None = None,
    previous: DiagramFrame | None = None,
    shown: Sequence[str] | None = None,
    marks: tuple[tuple[str, ...], ...] = (),
) -> DiagramFrame:
    """The diagram of the run's network, each picture `size` = (columns, rows) samples.

    `size` is what the diagram widget asks for (`NetworkDiagram.SizeChanged`). `shown` are the
    features the input column shows (`shown_features`, as the app shows them; by default just
    the run's): those the network is not fed are drawn dimmed, without links. Everything comes
    from the run contract: its layers (weights, biases, activations, dead links), its neurons'
    pictures and its features, over its own square. With the `previous` frame of the same
    network shape, levels keep still (see `levels.py`) and the feature pictures, which never
    change, are the very same objects. The cursor is clamped into the network's shape. `marks`
    (`DiagramFrame.marks`: each neuron's health) are kept if they fit the network's shape. The
    run is left as it was found.
    """
    columns, rows = size
    features = run.features
    shown = features if shown is None else tuple(shown)
    inputs = () if shown == features else tuple(_input(features, name) for name in shown)
    layers = run.layers()
    same_shape = previous is not None and previous.shape[1:] == tuple(
        len(layer.biases) for layer in layers
    )
    span = (run.domain.low, run.domain.high)
    if previous is not None and previous.features == shown and _sized(previous, size):
        feature_pictures = previous.feature_pictures
    else:
        feature_pictures = tuple(
            levels(grid, squash=on_colour_scale)
            for grid in feature_grids(shown, columns, rows, span, span)
        )
    grids = run.neuron_pictures(columns, rows)
    pictures = tuple(
        tuple(
            levels(
                grid,
                previous.pictures[depth][index] if previous is not None and same_shape else None,
                squash_for(layer.activation, run.domain),
            )
            for index, grid in enumerate(layer_grids)
        )
        for depth, (layer_grids, layer) in enumerate(zip(grids, layers))
    )
    dead = tuple(layer.dead for layer in layers)
    frame = DiagramFrame(
        features=shown,
        feature_pictures=feature_pictures,
        pictures=pictures,
        biases=tuple(layer.biases for layer in layers),
        weights=tuple(layer.weights for layer in layers),
        activations=tuple(layer.activation for layer in layers),
        inputs=inputs,
        dead=dead if any(True in row for links in dead for row in links) else (),
        marks=marks if tuple(map(len, marks)) == tuple(map(len, pictures)) else (),
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
