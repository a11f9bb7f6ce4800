"""A probe: everything the network computes for one point, forward and, given a target, backward.

This is what the app's probe shows. The numbers come from the network's own `forward` and
`backward` (the very code training runs), read off the neurons afterwards, so what you see is
what training uses, not a second implementation that could disagree with it.

    sample = find_sample(trainer.dataset, x, y)
    if sample is None:  # not a training point: the forward pass only
        seen = probe(trainer.network, x, y, features=trainer.features)
    else:  # a training point: probe it where it is, with its label, for the backward pass too
        x, y, label = sample
        seen = probe(trainer.network, x, y, features=trainer.features, target=label)
"""

from collections.abc import Sequence
from dataclasses import dataclass

from scratchnet.datasets import Sample
from scratchnet.features import DEFAULT_FEATURES, check_features, expand
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from scratchnet.untouched import untouched


@dataclass(frozen=True)
class NeuronValues:
    """One neuron in the forward pass: its weighted sum z = w · inputs + b, and activation(z)."""

    z: float
    output: float


@dataclass(frozen=True)
class NeuronGradients:
    """One neuron in the backward pass of one sample.

    d_z is d(loss)/dz; d_weights[i] is d(loss)/d(weight i) = d_z * input i; d_bias is
    d(loss)/d(bias) = d_z (for a single sample the two are the same number).
    """

    d_z: float
    d_weights: tuple[float, ...]
    d_bias: float


@dataclass(frozen=True)
class BackwardPass:
    """The backward pass for one training sample alone.

    loss is the run's loss of this one sample, and d_output its slope at the output, where
    backpropagation starts: for the tutorial, square_loss(output, target) and
    square_loss_derivative(output, target) = 2 * (output - target); for a Playground run
    (scratchnet/modes/playground.py), 1/2 (output - target)^2 and output - target. It is *not*
    divided by the number of samples: a training step divides each sample's share by the batch
    size, so in full batch a step's gradient is the mean of these gradients over the training
    set. No regularisation either: that pull belongs to the step, not to a sample.
    """

    target: float
    loss: float
    d_output: float
    layers: tuple[tuple[NeuronGradients, ...], ...]
    halved: bool = False  # the Playground's loss, 1/2 (output - target)^2: its slope has no 2


@dataclass(frozen=True)
class Probe:
    """What the network does with the point (x, y).

    inputs: the feature values the network is fed (e.g. (x, y), or (x, y, x², y²)).
    layers: per layer (hidden layers first, the output layer last), every neuron's z and output.
    output: the network's answer, the output layer's single output.
    backward: the backward pass for this sample when a target was given, else None.
    """

    x: float
    y: float
    features: tuple[str, ...]
    inputs: tuple[float, ...]
    layers: tuple[tuple[NeuronValues, ...], ...]
    output: float
    backward: BackwardPass | None

    @property
    def activations(self) -> tuple[tuple[float, ...], ...]:
        """Per layer, the outputs of its neurons: what the next layer takes as inputs."""
        return tuple(tuple(neuron.output for neuron in layer) for layer in self.layers)


def probe(
    network: Network,
    x: float,
    y: float,
    *,
    features: Sequence[str] = DEFAULT_FEATURES,
    target: float | None = None,
) -> Probe:
    """Run the point (x, y) through the network and record every neuron; backward too if `target`.

    `features` must be the ones the network was trained on (`trainer.features`). The network is
    left exactly as it was found (see `untouched`): probing in the middle of training changes
    nothing that training will see.
    """
    features = _checked(network, features)
    inputs = expand(x, y, features)
    with untouched(network):
        output = network.forward(inputs)
        layers = tuple(
            tuple(NeuronValues(weighted_sum(neuron), neuron.output) for neuron in layer)
            for layer in network.layers
        )
        backward = None if target is None else _backward(network, output, target)
    return Probe(x, y, features, tuple(inputs), layers, output, backward)


def _backward(network: Network, output: float, target: float) -> BackwardPass:
    """Backpropagate this one sample from fresh gradients; read what every neuron received."""
    d_output = square_loss_derivative(output, target)
    network.zero_grad()
    network.backward(d_output)
    layers = tuple(
        tuple(
            NeuronGradients(neuron.d_z, tuple(neuron.d_weights), neuron.d_bias) for neuron in layer
        )
        for layer in network.layers
    )
    return BackwardPass(target, square_loss(output, target), d_output, layers)


def weighted_sum(neuron: Neuron) -> float:
    """z = w · inputs + b for the inputs of the neuron's last forward pass.

    Neurons do not keep z, only activation(z), so it is worked out again here, adding up in the
    same order as `Neuron.forward` does, which gives the very same float.
    """
    z = 0.0
    for weight, value in zip(neuron.weights, neuron.inputs):
        z += value * weight
    return z + neuron.bias


def find_sample(samples: Sequence[Sample], x: float, y: float) -> Sample | None:
    """The sample at exactly (x, y), or None: is this point one the network trains on?

    The app's probe sends the very point drawn in the cursor's cell, so an exact match is what
    it needs. Of samples at the same place, the first in the list wins.
    """
    return next((sample for sample in samples if sample[0] == x and sample[1] == y), None)


def _checked(network: Network, features: Sequence[str]) -> tuple[str, ...]:
    """The features as a tuple, or ValueError if they are unknown or do not fit the network."""
    names = check_features(features)
    if len(names) != network.num_inputs:
        raise ValueError(f"{len(names)} features for a network of {network.num_inputs} inputs")
    return names
