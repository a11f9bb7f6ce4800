"""Look inside a network without disturbing it: save what every neuron holds, put it back after.

A neuron keeps state between calls. In the middle of a training step its d_weights and d_bias
hold the gradients added up so far, sample by sample; and its inputs, output and d_z are what
the last forward and backward passes saw. Probing a point, checking gradients or drawing each
neuron's picture runs those same passes, so it would overwrite all of that. `untouched` saves it
first and puts it back afterwards, so the app can look inside at any moment and the training
cannot tell that it did.

A pass that only goes forward (the losses a gradient check measures) writes less: each neuron's
inputs and output. `untouched_by_forward` saves just those, without copying any list: on a
network of 300 by 300 neurons, a check's thousands of forward passes would otherwise copy every
weight twice each time, and take many times longer than the passes themselves.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from scratchnet.network import Network
from scratchnet.neuron import Neuron


class _SavedNeuron:
    """One neuron's state: the lists themselves (so references stay valid) and their values."""

    def __init__(self, neuron: Neuron) -> None:
        self.neuron = neuron
        self.weights = neuron.weights
        self.weight_values = list(neuron.weights)
        self.bias = neuron.bias
        self.d_weights = neuron.d_weights
        self.d_weight_values = list(neuron.d_weights)
        self.d_bias = neuron.d_bias
        self.inputs = neuron.inputs
        self.output = neuron.output
        self.d_z = neuron.d_z

    def restore(self) -> None:
        """Put back the same list objects, holding exactly the values they held."""
        neuron = self.neuron
        neuron.weights = self.weights
        neuron.weights[:] = self.weight_values
        neuron.bias = self.bias
        neuron.d_weights = self.d_weights
        neuron.d_weights[:] = self.d_weight_values
        neuron.d_bias = self.d_bias
        neuron.inputs = self.inputs
        neuron.output = self.output
        neuron.d_z = self.d_z


@contextmanager
def untouched(network: Network) -> Iterator[Network]:
    """`with untouched(network): ...` runs the block, then restores every neuron's state.

    Restored: weights and bias (bit for bit, even after nudging them), the gradients of a step
    in progress, and the inputs, output and d_z of the last passes. It restores them even if
    the block raises.
    """
    saved = [_SavedNeuron(neuron) for layer in network.layers for neuron in layer]
    try:
        yield network
    finally:
        for neuron_state in saved:
            neuron_state.restore()


@contextmanager
def untouched_by_forward(network: Network) -> Iterator[Network]:
    """`with untouched_by_forward(network): ...` for a block that only runs forward passes:
    afterwards every neuron has again the inputs and output of its last passes (a forward pass
    writes nothing else). Restored even if the block raises."""
    saved = [(neuron, neuron.inputs, neuron.output) for layer in network.layers for neuron in layer]
    try:
        yield network
    finally:
        for neuron, inputs, output in saved:
            neuron.inputs = inputs
            neuron.output = output
