"""Hidden activations (sigmoid, tanh, relu, linear): values, slopes and backpropagation."""

import math
import random

import pytest

from scratchnet import Network, Neuron
from scratchnet.activations import ACTIVATIONS, SIGMOID, TANH, activation_named, relu
from scratchnet.neuron import NeuronWithActivation, new_neuron
from tests.unit import test_gradients as gradients
from tests.unit.test_gradients import nudge, parameter_slots

SAMPLES = [(0.3, -1.2, 1.0), (-1.7, 0.4, 0.0), (1.1, 1.9, 0.0), (0.0, 0.0, 1.0), (-0.6, -0.9, 1.0)]
NAMES = list(ACTIVATIONS)


def test_the_four_activations() -> None:
    assert NAMES == ["sigmoid", "tanh", "relu", "linear"]
    z = 0.8
    assert ACTIVATIONS["sigmoid"].function(z) == 1 / (1 + math.exp(-z))
    assert ACTIVATIONS["tanh"].function(z) == math.tanh(z)
    assert ACTIVATIONS["relu"].function(z) == z and ACTIVATIONS["relu"].function(-z) == 0.0
    assert ACTIVATIONS["linear"].function(-z) == -z
    assert activation_named("tanh") is TANH
    with pytest.raises(ValueError, match="sigmoid, tanh, relu, linear"):
        activation_named("softmax")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("z", [-3.0, -0.7, -0.01, 0.2, 1.5, 4.0])
def test_slope_from_the_output_is_the_derivative(name: str, z: float) -> None:
    activation = ACTIVATIONS[name]
    h = 1e-6
    numeric = (activation.function(z + h) - activation.function(z - h)) / (2 * h)
    assert activation.slope(activation.function(z)) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_relu_lets_nan_through_so_divergence_is_seen() -> None:
    assert math.isnan(relu(math.nan))


def test_tanh_and_others_never_raise_on_huge_sums() -> None:
    for activation in ACTIVATIONS.values():
        for z in (-1e308, 1e308, -math.inf, math.inf):
            activation.function(z)


def test_new_neuron_keeps_the_tutorials_neuron_for_sigmoid() -> None:
    assert type(new_neuron(2, random.Random(0))) is Neuron
    assert type(new_neuron(2, random.Random(0), SIGMOID)) is Neuron
    other = new_neuron(2, random.Random(0), TANH)
    assert isinstance(other, NeuronWithActivation) and other.activation is TANH
    assert other.weights == Neuron(2, random.Random(0)).weights, "same draws for any activation"


def test_a_general_neuron_with_sigmoid_computes_what_the_tutorials_does() -> None:
    fast, general = Neuron(3, random.Random(4)), NeuronWithActivation(3, random.Random(4), SIGMOID)
    inputs = [0.3, -1.1, 2.0]
    assert fast.forward(inputs) == general.forward(inputs)
    d_fast, d_general = [0.0] * 3, [0.0] * 3
    fast.backward(0.7, d_fast)
    general.backward(0.7, d_general)
    assert (fast.d_weights, fast.d_bias, d_fast) == (general.d_weights, general.d_bias, d_general)


@pytest.mark.parametrize("name", NAMES)
def test_hidden_layers_use_the_activation_and_the_output_stays_sigmoid(name: str) -> None:
    network = Network(2, [3, 2], seed=0, activation=name)
    assert network.activation == name
    for layer in network.layers[:-1]:
        for neuron in layer:
            assert getattr(neuron, "activation", SIGMOID) is ACTIVATIONS[name]
    assert type(network.layers[-1][0]) is Neuron
    assert 0 < network.forward([1.0, -1.0]) < 1
    # The activation never changes the starting weights a seed gives.
    assert network.parameters() == Network(2, [3, 2], seed=0).parameters()
    with pytest.raises(ValueError):
        Network(2, [3], activation="step")


def batch_loss(network: Network) -> float:
    return gradients.batch_loss(network, SAMPLES)


def backprop(network: Network) -> None:
    gradients.backprop(network, SAMPLES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("hidden", [[3], [5, 3], [2, 2, 2]])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_central_differences(name: str, hidden: list[int], seed: int) -> None:
    network = Network(2, hidden, seed=seed, activation=name)
    # Spread the weights out so the test leaves the activations' middles (and relu's zero).
    for neuron, index in parameter_slots(network):
        nudge(neuron, index, 1.5 * (neuron.weights[0] if index is None else neuron.weights[index]))
    backprop(network)
    h = 1e-6
    analytics = []
    for neuron, index in parameter_slots(network):
        analytic = neuron.d_bias if index is None else neuron.d_weights[index]
        nudge(neuron, index, h)
        above = batch_loss(network)
        nudge(neuron, index, -2 * h)
        below = batch_loss(network)
        nudge(neuron, index, h)
        assert analytic == pytest.approx((above - below) / (2 * h), rel=1e-5, abs=1e-9)
        analytics.append(analytic)
    first_layer = len(network.layers[0]) * 3
    assert any(abs(value) > 5e-5 for value in analytics[:first_layer]), "a real check"
