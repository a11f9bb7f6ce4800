"""The trainer: counting, history, and runs that go wrong without anything raising."""

import math

from scratchnet import Network, Trainer
from scratchnet.datasets import grid


def test_steps_and_history() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 10)
    assert trainer.steps == 0 and math.isnan(trainer.loss)
    first = trainer.step()
    second = trainer.step()
    assert trainer.steps == 2
    assert list(trainer.losses) == [first, second]
    assert trainer.loss == second


def test_learning_rate_changes_apply_from_the_next_step() -> None:
    a = Trainer(Network(2, [4], seed=0), grid(), 10)
    b = Trainer(Network(2, [4], seed=0), grid(), 10)
    a.step()
    b.step()
    b.learning_rate = 0.001
    a.step()
    b.step()
    assert a.losses[1] == b.losses[1]  # the second loss was computed before either update
    assert a.step() != b.step()


def test_a_huge_learning_rate_never_raises() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 1e6)
    for _ in range(200):
        trainer.step()
    # Sigmoid keeps the loss in [0, 1]: the run saturates rather than overflowing.
    assert math.isfinite(trainer.loss)


def test_non_finite_numbers_stop_the_run_and_are_reported() -> None:
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, grid(), 10)
    trainer.step()
    network.layers[0][0].weights[0] = math.inf  # what an overflow would leave behind
    weights_before = network.parameters()
    loss = trainer.step()
    assert math.isnan(loss)
    assert trainer.diverged
    assert trainer.steps == 1, "a step that produced NaN is not counted"
    assert len(trainer.losses) == 1
    assert math.isnan(trainer.step())
    assert trainer.steps == 1
    assert str(network.parameters()) == str(weights_before), "no update after diverging"


def test_an_update_that_overflows_is_reported() -> None:
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, grid(), 10)
    real_update = network.update_params

    def overflowing_update(learning_rate: float) -> None:
        real_update(learning_rate)
        network.layers[0][1].bias = math.inf  # as if weight - lr * gradient passed 1.8e308

    network.update_params = overflowing_update  # type: ignore[method-assign]
    loss = trainer.step()
    assert math.isfinite(loss)
    assert trainer.diverged
    assert trainer.steps == 1  # the step ran; the next one will not
    assert math.isnan(trainer.step())
