"""Editing one weight or bias by hand, from the network diagram, between two training steps.

The app says where the diagram's cursor is (`NudgeParameter`, `SetParameter`), never the new
value worked out from what it shows: the worker finds the number the cursor stands for in the
run it has now and changes it there (`Run.set_parameter`), so a burst of `+` presses adds up
exactly. The cursor numbers columns as the diagram does (`tui.drawing.diagram_cursor`): column 0 is
every feature in the diagram's order (`shown_features`), on or off, column l is
`run.layers()[l - 1]`.
A cursor that points at nothing any more (the run changed under it) gets a one-line reason, and
nothing changes.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scratchnet.features import LABELS
from scratchnet.run import LayerView, Run
from tui.drawing.diagram_cursor import Cursor, Link, Node
from tui.drawing.diagram_frame import shown_features
from tui.drawing.numbers import fixed
from tui.session.commands import NudgeParameter, SetParameter
from tui.snapshot import Notice

NUDGE = 0.1  # how far `+` or `-` moves a weight or a bias


@dataclass(frozen=True)
class Parameter:
    """One weight or bias of a run's network: neuron `neuron` of layer `layer`, its weight from
    its input `source`, or its bias (`source` None); its `value` now, whether L1 froze it for
    good (`dead`), and how to name it to a person ("weight x → 1.2", "bias of neuron 1.2")."""

    layer: int
    neuron: int
    source: int | None
    value: float
    dead: bool
    name: str


def find(run: Run, at: Cursor) -> Parameter | str:
    """The weight (a link) or bias (a neuron) the diagram's cursor `at` is on, or why none."""
    layers = run.layers()
    if at.layer == 0 and isinstance(at, Node):
        return "An input has no bias: ⏎ on it turns the feature on or off."
    if not 1 <= at.layer <= len(layers):
        return "The network has no such layer any more."
    depth = at.layer - 1
    layer = layers[depth]
    if isinstance(at, Node):
        if not 0 <= at.index < len(layer.biases):
            return "The network has no such neuron any more."
        name = f"bias of {neuron_name(layers, at)}"
        return Parameter(depth, at.index, None, layer.biases[at.index], False, name)
    if not 0 <= at.target < len(layer.biases):
        return "The network has no such neuron any more."
    source = input_of(run.features, at) if at.layer == 1 else at.source
    if source is None:
        return "That feature is off: it has no weights (⏎ on it turns it on)."
    weights = layer.weights[at.target]
    if not 0 <= source < len(weights):
        return "The network has no such weight any more."
    name = f"weight {source_name(layers, run.features, at)} → {neuron_name(layers, at)}"
    dead = layer.dead[at.target][source]
    return Parameter(depth, at.target, source, weights[source], dead, name)


def apply(command: NudgeParameter | SetParameter, run: Run) -> Notice:
    """Change the parameter. Says what changed ("weight x → 1.2: 0.500 → 0.600"), or, as an
    error, why nothing did. A dead link takes the value and stays dead, as in the Playground."""
    parameter = find(run, command.at)
    if isinstance(parameter, str):
        return Notice(parameter, error=True)
    before = parameter.value
    if isinstance(command, NudgeParameter):
        after = before + NUDGE * command.direction
    else:
        after = command.value
    if not math.isfinite(after):
        return Notice(f"A weight or a bias must be a finite number, got {after}.", error=True)
    run.set_parameter(parameter.layer, parameter.neuron, parameter.source, after)
    dead = " (a dead link: L1 froze it, training leaves it there)" if parameter.dead else ""
    return Notice(f"{parameter.name}: {fixed(before, 3)} → {fixed(after, 3)}{dead}")


def input_of(features: tuple[str, ...], link: Link) -> int | None:
    """Which input of the network a link from column 0 comes from; None if its feature is off."""
    shown = shown_features(features)
    if not 0 <= link.source < len(shown) or shown[link.source] not in features:
        return None
    return features.index(shown[link.source])


def neuron_name(layers: Sequence[LayerView], at: Cursor) -> str:
    """ "output", or "neuron 2.3" for the third neuron of hidden layer 2."""
    index = at.index if isinstance(at, Node) else at.target
    if at.layer == len(layers):
        return "output"
    return f"neuron {at.layer}.{index + 1}"


def source_name(layers: Sequence[LayerView], features: tuple[str, ...], link: Link) -> str:
    if link.layer == 1:
        name = shown_features(features)[link.source]
        return LABELS.get(name, name)
    return neuron_name(layers, Node(link.layer - 1, link.source))
