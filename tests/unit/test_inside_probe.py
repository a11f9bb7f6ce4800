"""The probe: one point's forward pass and, for a training point, its backward pass."""

import math

import pytest

from scratchnet import Network, predict_grid
from scratchnet.activations import SIGMOID, activation_named
from scratchnet.datasets import grid
from scratchnet.features import expand
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.probe import find_sample, probe, weighted_sum
from tests.unit.test_gradients import nudge, parameter_slots
from tests.unit.test_inside_untouched import half_way_through_a_step, network_state, train_looking

SHAPES = [[], [4], [3, 5, 2]]
ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"]


def with_biases(network: Network) -> Network:
    """The network with biases that are not 0 (fresh networks have none), so that they count."""
    for depth, layer in enumerate(network.layers):
        for index, neuron in enumerate(layer):
            neuron.bias = 0.1 * (index + 1) * (-1) ** depth
    return network


@pytest.mark.parametrize("hidden", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_values_are_the_networks_own(hidden: list[int], activation: str) -> None:
    network = with_biases(Network(2, hidden, seed=5, activation=activation))
    seen = probe(network, 0.7, -1.3)
    assert seen.inputs == (0.7, -1.3)
    assert seen.output == network.forward([0.7, -1.3])  # bit for bit
    assert [len(layer) for layer in seen.layers] == hidden + [1]
    assert seen.layers[-1][0].output == seen.output
    for depth, (layer, values) in enumerate(zip(network.layers, seen.layers)):
        act = SIGMOID if depth == len(hidden) else activation_named(activation)
        layer_inputs = seen.inputs if depth == 0 else seen.activations[depth - 1]
        for neuron, value in zip(layer, values):
            assert value.output == neuron.output  # from the forward pass just run
            assert act.function(value.z) == value.output
            expected_z = sum(w * a for w, a in zip(neuron.weights, layer_inputs)) + neuron.bias
            assert value.z == pytest.approx(expected_z, rel=1e-12, abs=1e-15)


def test_the_output_is_the_prediction_pictures() -> None:
    network = Network(2, [4], seed=0)
    grid = predict_grid(network, 4, 2)  # cell centres x in -1.5, -0.5, 0.5, 1.5; y 1.0, -1.0
    assert probe(network, 0.5, -1.0).output == grid[1][2]


def test_other_features_are_expanded_as_for_training() -> None:
    features = ("x", "y", "x2", "sinx")
    network = Network(4, [3], seed=2)
    seen = probe(network, 1.5, -0.5, features=features)
    assert seen.features == features
    assert seen.inputs == tuple(expand(1.5, -0.5, features))
    assert seen.output == network.forward(expand(1.5, -0.5, features))
    with pytest.raises(ValueError, match="2 features for a network of 4 inputs"):
        probe(network, 1.5, -0.5)
    with pytest.raises(ValueError, match="unknown feature"):
        probe(network, 1.5, -0.5, features=("x", "y", "x2", "cosx"))


def test_without_a_target_there_is_no_backward_pass() -> None:
    assert probe(Network(2, [2]), 0.0, 1.0).backward is None


@pytest.mark.parametrize("target", [0.0, 1.0])
def test_loss_and_the_start_of_backpropagation(target: float) -> None:
    network = Network(2, [4], seed=1)
    seen = probe(network, 0.4, 0.8, target=target)
    assert seen.backward is not None
    assert seen.backward.target == target
    assert seen.backward.loss == square_loss(seen.output, target)
    assert seen.backward.d_output == 2 * (seen.output - target)  # not divided by a batch size


@pytest.mark.parametrize("hidden", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backward_values_are_the_networks_own(hidden: list[int], activation: str) -> None:
    network = with_biases(Network(2, hidden, seed=4, activation=activation))
    twin = with_biases(Network(2, hidden, seed=4, activation=activation))
    half_way_through_a_step(network)  # this sample's gradients alone, not added to a step's
    seen = probe(network, -0.9, 0.3, target=1.0)
    twin.zero_grad()
    twin.backward(square_loss_derivative(twin.forward([-0.9, 0.3]), 1.0))
    assert seen.backward is not None
    for layer, grads in zip(twin.layers, seen.backward.layers):
        for neuron, grad in zip(layer, grads):
            assert grad.d_z == neuron.d_z
            assert grad.d_bias == neuron.d_bias == grad.d_z  # one sample: dz/db = 1
            assert grad.d_weights == tuple(neuron.d_weights)
    for depth, grads in enumerate(seen.backward.layers):  # dz/dw_i = input i
        layer_inputs = seen.inputs if depth == 0 else seen.activations[depth - 1]
        for grad in grads:
            assert grad.d_weights == tuple(grad.d_z * a for a in layer_inputs)


@pytest.mark.parametrize("hidden", [[4], [3, 2]])
def test_each_gradient_is_the_slope_of_this_samples_loss(hidden: list[int]) -> None:
    network = Network(2, hidden, seed=6)
    x, y, target = 0.6, -1.4, 1.0
    seen = probe(network, x, y, target=target)
    assert seen.backward is not None
    grads = [g for layer in seen.backward.layers for g in layer]
    analytic = []
    for g in grads:
        analytic.extend([*g.d_weights, g.d_bias])
    h = 1e-6
    for (neuron, index), slope in zip(parameter_slots(network), analytic):
        nudge(neuron, index, h)
        above = square_loss(network.forward([x, y]), target)
        nudge(neuron, index, -2 * h)
        below = square_loss(network.forward([x, y]), target)
        nudge(neuron, index, h)
        assert slope == pytest.approx((above - below) / (2 * h), rel=1e-5, abs=1e-9)


def test_a_full_batch_gradient_is_the_mean_of_the_samples() -> None:
    network = Network(2, [3], seed=8)
    samples = grid(4)
    probes = [probe(network, x, y, target=t) for x, y, t in samples]
    network.zero_grad()
    for x, y, t in samples:
        network.backward(square_loss_derivative(network.forward([x, y]), t) / len(samples))
    for depth, layer in enumerate(network.layers):
        for index, neuron in enumerate(layer):
            shares = [p.backward.layers[depth][index] for p in probes if p.backward]
            assert neuron.d_bias == pytest.approx(
                math.fsum(s.d_bias for s in shares) / len(samples), rel=1e-12, abs=1e-15
            )
            for i, d_w in enumerate(neuron.d_weights):
                mean = math.fsum(s.d_weights[i] for s in shares) / len(samples)
                assert d_w == pytest.approx(mean, rel=1e-12, abs=1e-15)


def test_probing_half_way_through_a_step_changes_nothing() -> None:
    network = Network(2, [4, 3], seed=2, activation="relu")
    half_way_through_a_step(network)
    before = network_state(network)
    probe(network, 0.2, 0.2, target=0.0)
    probe(network, -1.0, 2.0)
    assert network_state(network) == before


def test_training_cannot_tell_it_was_probed() -> None:
    def look(network: Network) -> None:
        probe(network, 0.4, -0.4, target=1.0)

    assert train_looking(look, [4, 2]) == train_looking(lambda network: None, [4, 2])


def test_find_sample_exact_or_none() -> None:
    samples = [(0.0, 0.0, 1.0), (0.4, 0.0, 1.0), (0.4, 0.0, 0.0), (2.0, 2.0, 0.0)]
    assert find_sample(samples, 0.4, 0.0) == (0.4, 0.0, 1.0)  # two at one place: the first
    assert find_sample(samples, 0.39, 0.0) is None  # exact match only
    assert find_sample(samples, 1.0, 1.0) is None
    assert find_sample([], 0.0, 0.0) is None


def test_probe_a_training_point_found_on_the_grid() -> None:
    network = Network(2, [4], seed=0)
    samples = grid(10)
    assert find_sample(samples, 0.4, -0.8) is None  # the grid's x is 0.3999999999999999
    drawn = next(s for s in samples if (s[0], s[1]) == pytest.approx((0.4, -0.8)))
    sample = find_sample(samples, drawn[0], drawn[1])  # the point as drawn, as the app sends it
    assert sample is not None
    assert sample == pytest.approx((0.4, -0.8, 1.0))
    x, y, label = sample
    seen = probe(network, x, y, target=label)
    assert seen.backward is not None
    assert seen.backward.loss == square_loss(network.forward([x, y]), 1.0)


def test_weighted_sum_is_the_z_of_the_last_forward_pass() -> None:
    network = with_biases(Network(2, [3], seed=1, activation="linear"))
    network.forward([0.5, 1.5])
    for neuron in network.layers[0]:
        assert weighted_sum(neuron) == neuron.output  # linear: output is z itself
