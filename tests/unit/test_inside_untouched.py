"""Looking inside leaves the network exactly as it was: the `untouched` context manager.

The helpers here (`network_state`, `half_way_through_a_step`, `train_looking`) are shared by
the other tests of looking inside (probe, gradient check, neuron pictures).
"""

from collections.abc import Callable

import pytest

from scratchnet import Network
from scratchnet.datasets import grid
from scratchnet.features import expand
from scratchnet.losses import square_loss_derivative
from scratchnet.untouched import untouched, untouched_by_forward


def network_state(network: Network) -> list[tuple[object, ...]]:
    """Everything every neuron holds, and which list objects hold it, to compare before/after."""
    return [
        (
            id(n.weights),
            list(n.weights),
            n.bias,
            id(n.d_weights),
            list(n.d_weights),
            n.d_bias,
            id(n.inputs),
            list(n.inputs),
            n.output,
            n.d_z,
        )
        for layer in network.layers
        for n in layer
    ]


def half_way_through_a_step(network: Network, features: tuple[str, ...] = ("x", "y")) -> None:
    """Leave the network in the middle of a full-batch step: some gradients added up, caches set."""
    samples = grid(10)
    network.zero_grad()
    for x, y, target in samples[: len(samples) // 2]:
        predict = network.forward(expand(x, y, features))
        network.backward(square_loss_derivative(predict, target) / len(samples))


def train_looking(look: Callable[[Network], object], hidden: list[int]) -> list[float]:
    """Three full-batch steps by hand, calling `look` half way through each; the parameters."""
    network = Network(2, hidden, seed=3, activation="tanh")
    samples = grid(10)
    for _ in range(3):
        network.zero_grad()
        for i, (x, y, target) in enumerate(samples):
            if i == len(samples) // 2:
                look(network)
            predict = network.forward([x, y])
            network.backward(square_loss_derivative(predict, target) / len(samples))
        look(network)
        network.update_params(0.5)
    return network.parameters()


def test_everything_is_put_back_bit_for_bit() -> None:
    network = Network(2, [3, 2], seed=1)
    half_way_through_a_step(network)
    before = network_state(network)
    with untouched(network):
        for layer in network.layers:
            for neuron in layer:
                neuron.weights[0] += 0.1  # in place, as a gradient check nudges
                neuron.bias = 0.1 + 0.2  # a value the old one cannot be recovered from by sums
                neuron.d_weights[0] += 1.0
        network.zero_grad()  # new gradient lists
        network.backward(network.forward([0.3, -0.7]))  # new caches
    assert network_state(network) == before


def test_it_puts_things_back_even_when_the_block_fails() -> None:
    network = Network(2, [4], seed=2)
    half_way_through_a_step(network)
    before = network_state(network)
    with pytest.raises(RuntimeError), untouched(network):
        network.layers[0][0].weights[1] = 99.0
        network.forward([1.0, 1.0])
        raise RuntimeError("failed half way")
    assert network_state(network) == before


def test_the_state_check_itself_sees_a_change() -> None:
    network = Network(2, [4], seed=2)
    half_way_through_a_step(network)
    before = network_state(network)
    network.forward([1.0, 1.0])
    assert network_state(network) != before


def test_forward_passes_are_put_back_by_the_lighter_one_even_when_the_block_fails() -> None:
    network = Network(2, [3, 2], seed=1, activation="tanh")
    half_way_through_a_step(network)
    before = network_state(network)
    with pytest.raises(RuntimeError), untouched_by_forward(network):
        network.forward([0.3, -0.7])
        network.forward([-1.0, 2.0])
        raise RuntimeError("failed half way")
    assert network_state(network) == before
