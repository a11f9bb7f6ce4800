"""The gradient check under numbers the app can reach: it never raises, and says what it can't
compare instead of making a number up. And a long check can be abandoned."""

import math
import random
from dataclasses import replace

import pytest

from scratchnet import Network
from scratchnet.config import RunConfig
from scratchnet.datasets import grid, make_dataset
from scratchnet.gradcheck import (
    LOSS_NOT_FINITE,
    NOT_FINITE,
    OVERFLOW,
    TOO_LARGE,
    CheckStopped,
    gradient_check,
)
from tests.unit.test_inside_untouched import network_state

GRID = grid(10)
XOR = make_dataset("xor", points=20)  # no point has x or y exactly 0


@pytest.mark.parametrize("weight", [1e12, -3e15, 1e300])
def test_a_weight_too_large_to_nudge_is_reported_as_such(weight: float) -> None:
    network = Network(2, [3], seed=0)
    network.layers[0][1].weights[0] = weight  # weight + 1e-5 == weight: no slope to measure
    first, output = gradient_check(network, XOR)
    assert first.problem == TOO_LARGE and math.isnan(first.max_error)
    assert (first.neuron, first.weight) == (1, 0)
    assert output.problem is None and output.max_error <= 1e-6  # the rest is still checked


def test_a_weight_just_below_the_rounding_limit_is_still_compared() -> None:
    network = Network(2, [3], seed=0)
    network.layers[0][1].weights[0] = 1e6
    first, _ = gradient_check(network, XOR)
    assert first.problem is None and not math.isnan(first.max_error)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_weight_that_is_not_a_number_is_reported_as_such(value: float) -> None:
    network = Network(2, [3], seed=0)
    network.layers[0][2].weights[1] = value
    first, output = gradient_check(network, XOR)
    assert first.problem == NOT_FINITE and (first.neuron, first.weight) == (2, 1)
    assert math.isnan(first.max_error)
    if math.isnan(value):  # a NaN reaches the output: nothing there can be compared either
        assert output.problem == LOSS_NOT_FINITE
    else:
        assert output.problem is None


def test_a_non_finite_bias_is_reported_too() -> None:
    network = Network(2, [3], seed=0)
    network.layers[1][0].bias = math.inf
    checks = gradient_check(network, XOR)
    assert checks[1].problem == NOT_FINITE and checks[1].weight is None


def test_tiny_weights_are_ordinary_numbers() -> None:
    network = Network(2, [3, 2], seed=0)
    for layer in network.layers:
        for neuron in layer:
            neuron.weights[:] = [1e-300] * len(neuron.weights)
            neuron.bias = -1e-310
    checks = gradient_check(network, GRID)
    assert all(check.problem is None for check in checks)
    assert max(check.max_error for check in checks) <= 1e-6


@pytest.mark.parametrize("rate", [1e12, 100.0, 0.001])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "linear"])
def test_runs_at_any_learning_rate_the_app_reaches_never_crash_the_check(
    rate: float, activation: str
) -> None:
    # `scratchnet-tui --lr 1e12 --paused`, `n`, `g` raised ZeroDivisionError here.
    config = replace(RunConfig(), learning_rate=rate, activation=activation, hidden=(3,))
    trainer = config.trainer()
    for _ in range(3):
        trainer.step()
        checks = gradient_check(
            trainer.network,
            trainer.dataset,
            trainer.features,
            trainer.regularisation,
            trainer.regularisation_rate,
        )
        for check in checks:
            assert check.problem is not None or math.isfinite(check.max_error)
    if rate == 1e12 and activation == "sigmoid":
        assert any(check.problem == TOO_LARGE for check in checks)


def test_a_check_can_be_abandoned_between_parameters() -> None:
    network = Network(2, [4, 3], seed=2)
    before = network_state(network)
    asked = 0

    def stop_after_five() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5

    with pytest.raises(CheckStopped):
        gradient_check(network, GRID, should_stop=stop_after_five)
    assert asked == 6  # it stopped at once, not at the end of a layer
    assert network_state(network) == before  # and left the network as it was


def test_should_stop_is_asked_once_per_parameter_and_changes_nothing_when_false() -> None:
    network = Network(2, [4, 3], seed=2)
    asked = 0

    def never() -> bool:
        nonlocal asked
        asked += 1
        return False

    checks = gradient_check(network, GRID, should_stop=never)
    assert asked == sum(check.parameters for check in checks) == 12 + 15 + 4
    assert checks == gradient_check(network, GRID)


EXTREMES = [
    0.0,
    -0.0,
    1e-310,
    1e-5,
    3.0,
    1e8,
    1e9,
    1e10,
    1e150,
    1e300,
    math.inf,
    -math.inf,
    math.nan,
]


@pytest.mark.parametrize("regularisation", ["none", "l1", "l2"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_any_mix_of_extreme_numbers_gives_a_number_or_a_reason(
    activation: str, regularisation: str
) -> None:
    rng = random.Random(f"{activation} {regularisation}")
    for _ in range(8):
        network = Network(2, [3, 2], seed=rng.randrange(100), activation=activation)
        for layer in network.layers:
            for neuron in layer:
                neuron.weights[:] = [
                    rng.choice(EXTREMES) * rng.choice([1, -1]) for _ in neuron.weights
                ]
                neuron.bias = rng.choice(EXTREMES)
        for check in gradient_check(network, XOR, regularisation=regularisation, rate=10.0):
            assert (check.problem is None) == (not math.isnan(check.max_error))
            assert check.problem is not None or 0 <= check.max_error <= 1


def test_gradients_too_big_to_compare_are_reported_as_overflow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def huge_gradients(
        network: Network, *args: object, **options: object
    ) -> tuple[list[object], list[object]]:
        for layer in network.layers:
            for neuron in layer:
                neuron.d_weights[:] = [1e308] * len(neuron.weights)
                neuron.d_bias = 1e308
        return [], []  # what each point made of the neurons: not read by the check

    monkeypatch.setattr("scratchnet.gradcheck.backpropagate", huge_gradients)
    monkeypatch.setattr("scratchnet.gradcheck._slope", lambda *args: -1e308)  # 1e308 - -1e308: inf
    checks = gradient_check(Network(2, [2], seed=0), XOR)
    assert all(check.problem == OVERFLOW for check in checks)
