"""Regularisation (none, L1, L2): penalties, gradients, and runs that it makes blow up."""

import math

import pytest

from scratchnet import Network, Trainer
from scratchnet.datasets import Sample, grid
from scratchnet.regularisation import (
    L1,
    L2,
    RATES,
    REGULARISATIONS,
    add_gradients,
    penalty,
    regulariser_named,
)
from tests.unit.test_gradients import nudge, parameter_slots

SAMPLES: list[Sample] = [(0.3, -1.2, 1.0), (-1.7, 0.4, 0.0), (1.1, 1.9, 0.0), (0.0, 0.0, 1.0)]


def weights(network: Network) -> list[float]:
    return [w for layer in network.layers for neuron in layer for w in neuron.weights]


def test_names_and_rates() -> None:
    assert list(REGULARISATIONS) == ["none", "l1", "l2"]
    assert regulariser_named("none") is None and regulariser_named("l2") is L2
    with pytest.raises(ValueError, match="none, l1, l2"):
        regulariser_named("l3")
    assert RATES[0] == 0.0 and RATES[1] == 0.001 and RATES[-1] == 10.0
    assert list(RATES) == sorted(RATES)


def test_penalties() -> None:
    network = Network(2, [3], seed=1)
    ws = weights(network)
    assert penalty(network, None, 0.5) == 0.0
    assert penalty(network, L1, 0.5) == pytest.approx(0.5 * sum(abs(w) for w in ws))
    assert penalty(network, L2, 0.5) == pytest.approx(0.5 * sum(w * w / 2 for w in ws))
    network.layers[0][0].bias = 100.0
    assert penalty(network, L2, 0.5) == pytest.approx(0.5 * sum(w * w / 2 for w in ws)), (
        "biases are not penalised"
    )
    assert L1.slope(0.0) == 0.0 and L1.slope(-3.0) == -1.0 and L1.slope(2.0) == 1.0


@pytest.mark.parametrize("name", ["l1", "l2"])
def test_add_gradients_adds_rate_times_slope_to_weights_only(name: str) -> None:
    regulariser = regulariser_named(name)
    assert regulariser is not None
    network = Network(2, [3], seed=2)
    network.zero_grad()
    add_gradients(network, regulariser, 0.25)
    for layer in network.layers:
        for neuron in layer:
            assert neuron.d_bias == 0.0
            assert neuron.d_weights == [0.25 * regulariser.slope(w) for w in neuron.weights]


@pytest.mark.parametrize("name", ["none", "l1", "l2"])
@pytest.mark.parametrize("rate", [0.01, 0.3])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_a_step_moves_down_the_gradient_of_loss_plus_penalty(
    name: str, rate: float, activation: str
) -> None:
    """What the trainer subtracts (divided by the learning rate) is d(loss + penalty)/dw."""
    regulariser = regulariser_named(name)
    network = Network(2, [4, 3], seed=3, activation=activation)
    for neuron, index in parameter_slots(network):  # leave the activations' middles
        nudge(neuron, index, 1.5 * (neuron.weights[0] if index is None else neuron.weights[index]))

    def objective() -> float:
        data = sum((network.forward([x, y]) - t) ** 2 for x, y, t in SAMPLES) / len(SAMPLES)
        return data + penalty(network, regulariser, rate)

    h = 1e-6
    numeric = []
    for neuron, index in parameter_slots(network):
        nudge(neuron, index, h)
        above = objective()
        nudge(neuron, index, -2 * h)
        below = objective()
        nudge(neuron, index, h)
        numeric.append((above - below) / (2 * h))
    before = network.parameters()
    trainer = Trainer(network, SAMPLES, 1.0, regularisation=name, regularisation_rate=rate)
    trainer.step()
    taken = [b - a for b, a in zip(before, network.parameters())]
    assert taken == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_the_reported_loss_is_the_data_loss_and_the_penalty_is_separate() -> None:
    plain = Trainer(Network(2, [4], seed=0), grid(), 10)
    l2 = Trainer(Network(2, [4], seed=0), grid(), 10, regularisation="l2", regularisation_rate=1)
    assert plain.step() == l2.step(), "same weights, same data loss before the first update"
    assert plain.penalty() == 0.0
    assert l2.penalty() == pytest.approx(penalty(l2.network, L2, 1.0)) and l2.penalty() > 0


def test_l2_keeps_weights_smaller_and_l1_pushes_some_towards_zero() -> None:
    def trained(kind: str = "none", rate: float = 0.03) -> list[float]:
        network = Network(2, [8], seed=0)
        trainer = Trainer(network, grid(), 3, regularisation=kind, regularisation_rate=rate)
        # 50 steps make it plain: L2's sum of squares is 0.014 against 0.64 for half the plain
        # run's, and 24 of L1's 24 weights are under 0.1 against 10 of the plain run's.
        for _ in range(50):
            trainer.step()
        assert not trainer.diverged
        return weights(trainer.network)

    plain = trained()
    l2 = trained("l2")
    l1 = trained("l1")
    assert sum(w * w for w in l2) < 0.5 * sum(w * w for w in plain)
    assert sum(abs(w) < 0.1 for w in l1) > sum(abs(w) < 0.1 for w in plain)


def test_the_rate_and_the_kind_can_change_between_steps() -> None:
    a = Trainer(Network(2, [4], seed=0), grid(), 10)
    b = Trainer(Network(2, [4], seed=0), grid(), 10)
    a.step()
    b.step()
    b.regularisation = "l2"
    b.regularisation_rate = 0.1
    assert a.step() == b.step(), "the loss is measured before this step's update"
    assert a.step() != b.step()
    b.regularisation_rate = 0.0
    before = b.network.parameters()
    b.step()
    assert b.network.parameters() != before


def test_unknown_regularisation_is_refused_at_once() -> None:
    with pytest.raises(ValueError):
        Trainer(Network(2, [4]), grid(), 10, regularisation="l3")


@pytest.mark.parametrize("activation", ["relu", "linear", "sigmoid"])
def test_a_pull_bigger_than_two_over_the_learning_rate_diverges_without_raising(
    activation: str,
) -> None:
    # With L2 each step multiplies every weight by (1 - lr * rate) = -9 here: it must blow up.
    trainer = Trainer(
        Network(2, [4], seed=0, activation=activation),
        grid(),
        1000,
        regularisation="l2",
        regularisation_rate=0.01,
    )
    for _ in range(1000):
        trainer.step()
        if trainer.diverged:
            break
    assert trainer.diverged
    assert 100 < trainer.steps < 1000
    assert len(trainer.losses) == trainer.steps
    assert math.isnan(trainer.step())
