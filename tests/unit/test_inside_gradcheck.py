"""The gradient check: backprop against finite differences, per layer, on the real network."""

import math

import pytest

from scratchnet import Network, Trainer
from scratchnet.datasets import Sample, grid, make_dataset
from scratchnet.gradcheck import FLOOR, backpropagate, gradient_check, relative_error
from scratchnet.neuron import Neuron
from scratchnet.regularisation import L2
from tests.unit.test_inside_untouched import half_way_through_a_step, network_state, train_looking

GRID = grid(10)
# The tutorial's grid at a step of 1, not 0.4: 25 of its points, (0, 0) among them. Backprop is
# right or wrong sample by sample, and these networks have no kink: a smaller grid checks the same
# (worst error 1.2e-7 on it, 6e-8 on the whole grid), five times faster.
COARSE_GRID = grid(4)


def worst(
    network: Network, regularisation: str = "none", rate: float = 0.0, samples: list[Sample] = GRID
) -> float:
    """The largest relative error of any layer, on the tutorial's grid (or `samples`)."""
    checks = gradient_check(network, samples, regularisation=regularisation, rate=rate)
    return max(check.max_error for check in checks)


@pytest.mark.parametrize("hidden", [[], [4], [8, 8], [3, 5, 2]])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_healthy_networks_agree_closely(hidden: list[int], activation: str, seed: int) -> None:
    network = Network(2, hidden, seed=seed, activation=activation)
    assert worst(network, samples=COARSE_GRID) <= 1e-6


@pytest.mark.parametrize("name", ["xor", "gauss", "spiral"])
@pytest.mark.parametrize("regularisation", ["none", "l1", "l2"])
def test_other_data_features_and_regularisation(name: str, regularisation: str) -> None:
    features = ("x", "y", "x2", "y2", "sinx")
    samples = make_dataset(name, points=60, noise=20, seed=3)
    network = Network(len(features), [6, 3], seed=3, activation="tanh")
    checks = gradient_check(network, samples, features, regularisation, 0.03)
    assert max(check.max_error for check in checks) <= 1e-6


def test_a_trained_network_agrees_closely() -> None:
    trainer = Trainer(Network(2, [4, 4], seed=1), GRID, 3.0)
    for _ in range(200):
        trainer.step()
    assert worst(trainer.network) <= 1e-6


def test_relu_away_from_its_kink_agrees_closely() -> None:
    network = Network(2, [8, 8], seed=1, activation="relu")
    for layer in network.layers:
        for i, neuron in enumerate(layer):
            neuron.bias = 0.01 * (i + 1)  # no weighted sum lands exactly on 0 now
    assert worst(network) <= 1e-6


def test_relu_on_its_kink_does_not() -> None:
    # A fresh network's biases are 0: wherever a whole layer of relus is off, the next layer's
    # z is exactly 0, where relu's slope jumps. The documented exception, not a backprop bug.
    checks = gradient_check(Network(2, [8, 8], seed=1, activation="relu"), GRID)
    assert checks[1].max_error > 0.1
    assert checks[2].max_error <= 1e-6  # the sigmoid output neuron is smooth


def test_a_backward_pass_without_the_activation_slope_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    network = Network(2, [4], seed=0)
    assert worst(network) <= 1e-6

    def forgets_the_slope(self: Neuron, d_a: float, d_inputs: list[float] | None = None) -> None:
        self.d_z = d_a  # should be d_a * s * (1 - s)
        self.d_bias += d_a
        for i in self.indices:
            self.d_weights[i] += d_a * self.inputs[i]
            if d_inputs is not None:
                d_inputs[i] += d_a * self.weights[i]

    monkeypatch.setattr(Neuron, "backward", forgets_the_slope)
    checks = gradient_check(network, GRID)
    assert all(check.max_error > 0.1 for check in checks)


def test_a_mistake_in_one_layer_points_at_that_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    network = Network(2, [4, 3], seed=0)
    right_backward = Network.backward

    def backward_with_a_wrong_first_layer(self: Network, d_loss: float) -> None:
        right_backward(self, d_loss)
        for neuron in self.layers[0]:  # pretend the first layer's bias gradients came out 10% off
            neuron.d_bias += 0.1 * neuron.d_z

    monkeypatch.setattr(Network, "backward", backward_with_a_wrong_first_layer)
    first, second, output = gradient_check(network, GRID)
    assert first.max_error > 1e-2
    assert first.weight is None  # a bias
    assert second.max_error <= 1e-6
    assert output.max_error <= 1e-6


def test_a_wrong_regularisation_gradient_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    network = Network(2, [4], seed=0)
    assert worst(network, regularisation="l2", rate=0.1) <= 1e-6
    monkeypatch.setattr("scratchnet.gradcheck.add_gradients", lambda net, reg, rate: None)
    assert worst(network, regularisation="l2", rate=0.1) > 1e-2


def test_the_checked_gradient_is_the_one_a_training_step_follows() -> None:
    network = Network(2, [3], seed=5)
    examples = [([x, y], t) for x, y, t in GRID]
    backpropagate(network, examples, L2, 0.01)
    gradient = []
    for layer in network.layers:
        for neuron in layer:
            gradient.extend([*neuron.d_weights, neuron.d_bias])
    trainer = Trainer(
        Network(2, [3], seed=5), GRID, 0.5, regularisation="l2", regularisation_rate=0.01
    )
    before = trainer.network.parameters()
    trainer.step()
    moved = [(b - a) / 0.5 for b, a in zip(before, trainer.network.parameters())]
    assert moved == pytest.approx(gradient, rel=1e-9, abs=1e-12)


def test_one_result_per_layer_with_where_and_what() -> None:
    network = Network(2, [4, 3], seed=0)
    checks = gradient_check(network, GRID)
    assert [check.layer for check in checks] == [0, 1, 2]
    assert [check.parameters for check in checks] == [4 * 3, 3 * 5, 4]
    examples = [([x, y], t) for x, y, t in GRID]
    backpropagate(network, examples, None, 0.0)
    for check in checks:
        neuron = network.layers[check.layer][check.neuron]
        if check.weight is None:
            assert check.analytic == neuron.d_bias
        else:
            assert check.analytic == neuron.d_weights[check.weight]
        assert check.max_error == relative_error(check.analytic, check.numeric)


def test_the_relative_error() -> None:
    assert relative_error(0.25, 0.25) == 0.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, 1.0 + 2e-8) == pytest.approx(1e-8)
    assert relative_error(0.3, -0.3) == 1.0  # opposite signs: as wrong as it gets
    assert relative_error(0.1, 0.0) == 1.0
    assert relative_error(1e-13, 3e-13) == pytest.approx(2e-13 / FLOOR)  # both about 0: small
    assert math.isnan(relative_error(math.nan, 0.1))


def test_a_diverged_network_reports_nan_rather_than_crashing() -> None:
    network = Network(2, [3], seed=0)
    network.layers[1][0].weights[0] = math.nan
    checks = gradient_check(network, GRID)
    assert all(math.isnan(check.max_error) for check in checks)


def test_nan_is_the_worst_error_of_a_layer() -> None:
    network = Network(2, [3], seed=0)
    network.layers[0][2].weights[1] = math.inf  # its finite difference is inf - inf: NaN
    first, output = gradient_check(network, make_dataset("xor", points=20))  # no x or y is 0
    assert math.isnan(first.max_error)
    assert (first.neuron, first.weight) == (2, 1)
    assert output.max_error <= 1e-6


def test_checking_half_way_through_a_step_changes_nothing() -> None:
    network = Network(2, [4, 3], seed=2)
    half_way_through_a_step(network)
    before = network_state(network)
    gradient_check(network, GRID, regularisation="l1", rate=0.01)
    assert network_state(network) == before


def test_training_cannot_tell_it_was_checked() -> None:
    def look(network: Network) -> None:
        gradient_check(network, GRID[::10])

    assert train_looking(look, [3]) == train_looking(lambda network: None, [3])


def test_bad_requests_are_refused() -> None:
    network = Network(2, [2])
    with pytest.raises(ValueError, match="at least one sample"):
        gradient_check(network, [])
    with pytest.raises(ValueError, match="epsilon must be positive"):
        gradient_check(network, GRID, epsilon=0.0)
    with pytest.raises(ValueError, match="3 features for a network of 2 inputs"):
        gradient_check(network, GRID, ("x", "y", "xy"))
    with pytest.raises(ValueError, match="regularisation must be one of"):
        gradient_check(network, GRID, regularisation="l3")
