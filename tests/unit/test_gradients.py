"""Backpropagation against finite differences, for networks of several shapes."""

import pytest

from scratchnet import Network
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.neuron import Neuron

SAMPLES = [(0.3, -1.2, 1.0), (-1.7, 0.4, 0.0), (1.1, 1.9, 0.0), (0.0, 0.0, 1.0)]


Samples = list[tuple[float, float, float]]


def batch_loss(network: Network, samples: Samples = SAMPLES) -> float:
    return sum(square_loss(network.forward([x, y]), t) for x, y, t in samples) / len(samples)


def backprop(network: Network, samples: Samples = SAMPLES) -> None:
    network.zero_grad()
    for x, y, t in samples:
        predict = network.forward([x, y])
        network.backward(square_loss_derivative(predict, t) / len(samples))


def parameter_slots(network: Network) -> list[tuple[Neuron, int | None]]:
    """(neuron, weight index) for every weight, (neuron, None) for every bias."""
    slots: list[tuple[Neuron, int | None]] = []
    for layer in network.layers:
        for neuron in layer:
            slots.extend((neuron, i) for i in range(len(neuron.weights)))
            slots.append((neuron, None))
    return slots


def nudge(neuron: Neuron, index: int | None, delta: float) -> None:
    if index is None:
        neuron.bias += delta
    else:
        neuron.weights[index] += delta


@pytest.mark.parametrize("hidden", [[], [3], [5, 3], [2, 2, 2], [4]])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_backward_matches_central_differences(hidden: list[int], seed: int) -> None:
    network = Network(2, hidden, seed=seed)
    # Spread the weights out so the test is not only near sigmoid's linear middle.
    for neuron, index in parameter_slots(network):
        nudge(neuron, index, 0.8 * (neuron.weights[0] if index is None else neuron.weights[index]))
    backprop(network)
    h = 1e-6
    for neuron, index in parameter_slots(network):
        analytic = neuron.d_bias if index is None else neuron.d_weights[index]
        nudge(neuron, index, h)
        above = batch_loss(network)
        nudge(neuron, index, -2 * h)
        below = batch_loss(network)
        nudge(neuron, index, h)
        numeric = (above - below) / (2 * h)
        assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_gradients_accumulate_until_zero_grad() -> None:
    network = Network(2, [3], seed=2)
    backprop(network)
    once = [list(n.d_weights) for layer in network.layers for n in layer]
    for x, y, t in SAMPLES:  # a second pass without zero_grad doubles every gradient
        network.forward([x, y])
        network.backward(square_loss_derivative(network.forward([x, y]), t) / len(SAMPLES))
    twice = [list(n.d_weights) for layer in network.layers for n in layer]
    for a, b in zip(once, twice):
        assert b == pytest.approx([2 * v for v in a])
    network.zero_grad()
    assert all(
        n.d_bias == 0.0 and set(n.d_weights) == {0.0} for layer in network.layers for n in layer
    )


def test_update_params_moves_against_the_gradient() -> None:
    network = Network(2, [3], seed=4)
    backprop(network)
    before = batch_loss(network)
    network.update_params(0.5)
    assert batch_loss(network) < before
