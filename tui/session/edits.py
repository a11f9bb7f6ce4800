"""Editing one weight or bias by hand, from the network diagram, between two training steps.

The app says where the diagram's cursor is (`NudgeParameter`, `SetParameter`), never the new
value worked out from what it shows: the worker finds the number the cursor stands for in the
network it has now and changes it there, so a burst of `+` presses adds up exactly. The
cursor numbers columns as the diagram does (`tui.diagram_cursor`): column 0 is every feature in
the diagram's order (`shown_features`), on or off, column l is `network.layers[l - 1]`.
A cursor that points at nothing any more (the run changed under it) gets a one-line reason, and
nothing changes.
"""

import math
from dataclasses import dataclass

from scratchnet.features import LABELS
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from tui.diagram_cursor import Cursor, Link, Node
from tui.diagram_frame import shown_features
from tui.numbers import fixed
from tui.session.commands import NudgeParameter, SetParameter
from tui.snapshot import Notice

NUDGE = 0.1  # how far `+` or `-` moves a weight or a bias


@dataclass(frozen=True)
class Parameter:
    """One weight or bias of a network: `neuron`'s weight from its input `source`, or its bias
    (`source` None), and how to name it to a person ("weight x → 1.2", "bias of neuron 1.2")."""

    neuron: Neuron
    source: int | None
    name: str

    @property
    def value(self) -> float:
        return self.neuron.bias if self.source is None else self.neuron.weights[self.source]

    def set(self, value: float) -> None:
        if self.source is None:
            self.neuron.bias = value
        else:
            self.neuron.weights[self.source] = value


def find(network: Network, features: tuple[str, ...], at: Cursor) -> Parameter | str:
    """The weight (a link) or bias (a neuron) the diagram's cursor `at` is on, or why none."""
    layers = network.layers
    if at.layer == 0 and isinstance(at, Node):
        return "An input has no bias: ⏎ on it turns the feature on or off."
    if not 1 <= at.layer <= len(layers):
        return "The network has no such layer any more."
    layer = layers[at.layer - 1]
    if isinstance(at, Node):
        if not 0 <= at.index < len(layer):
            return "The network has no such neuron any more."
        return Parameter(layer[at.index], None, f"bias of {neuron_name(network, at)}")
    if not 0 <= at.target < len(layer):
        return "The network has no such neuron any more."
    source = input_of(features, at) if at.layer == 1 else at.source
    if source is None:
        return "That feature is off: it has no weights (⏎ on it turns it on)."
    if not 0 <= source < len(layer[at.target].weights):
        return "The network has no such weight any more."
    name = f"weight {source_name(network, features, at)} → {neuron_name(network, at)}"
    return Parameter(layer[at.target], source, name)


def apply(
    command: NudgeParameter | SetParameter, network: Network, features: tuple[str, ...]
) -> Notice:
    """Change the parameter. Says what changed ("weight x → 1.2: 0.500 → 0.600"), or, as an
    error, why nothing did."""
    parameter = find(network, features, command.at)
    if isinstance(parameter, str):
        return Notice(parameter, error=True)
    before = parameter.value
    if isinstance(command, NudgeParameter):
        after = before + NUDGE * command.direction
    else:
        after = command.value
    if not math.isfinite(after):
        return Notice(f"A weight or a bias must be a finite number, got {after}.", error=True)
    parameter.set(after)
    return Notice(f"{parameter.name}: {fixed(before, 3)} → {fixed(after, 3)}")


def input_of(features: tuple[str, ...], link: Link) -> int | None:
    """Which input of the network a link from column 0 comes from; None if its feature is off."""
    shown = shown_features(features)
    if not 0 <= link.source < len(shown) or shown[link.source] not in features:
        return None
    return features.index(shown[link.source])


def neuron_name(network: Network, at: Cursor) -> str:
    """ "output", or "neuron 2.3" for the third neuron of hidden layer 2."""
    index = at.index if isinstance(at, Node) else at.target
    if at.layer == len(network.layers):
        return "output"
    return f"neuron {at.layer}.{index + 1}"


def source_name(network: Network, features: tuple[str, ...], link: Link) -> str:
    if link.layer == 1:
        name = shown_features(features)[link.source]
        return LABELS.get(name, name)
    return neuron_name(network, Node(link.layer - 1, link.source))
