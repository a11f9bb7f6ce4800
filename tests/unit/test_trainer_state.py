"""Trainer.state() and restore(): a trainer put back at a state goes on exactly as it did."""

import dataclasses
from array import array

import pytest

from scratchnet import Network, RunConfig, Trainer
from scratchnet.batches import Shuffler
from scratchnet.datasets import grid

# Mini-batches of 7 on xor, a test set, L2 and tanh: every part of the state matters here.
XOR_BATCHES = RunConfig(
    hidden=(5, 3),
    learning_rate=0.3,
    seed=2,
    dataset_name="xor",
    points=60,
    noise=10.0,
    train_ratio=70.0,
    activation="tanh",
    regularisation="l2",
    regularisation_rate=0.01,
    batch_size=7,
)


def steps(trainer: Trainer, count: int) -> list[float]:
    return [trainer.step() for _ in range(count)]


def test_full_batch_goes_on_exactly_from_a_state() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), learning_rate=10)
    steps(trainer, 25)
    state = trainer.state()
    future = steps(trainer, 20)
    weights = trainer.network.parameters()
    trainer.restore(state)
    assert (trainer.steps, len(trainer.losses)) == (25, 25)
    assert steps(trainer, 20) == future
    assert trainer.network.parameters() == weights


def test_mini_batches_with_a_test_set_go_on_exactly_mid_epoch() -> None:
    trainer = XOR_BATCHES.trainer()
    steps(trainer, 17)  # 42 training points in batches of 7: step 17 is mid-epoch
    assert trainer.batches.position != 0
    state = trainer.state()
    future, test_future = steps(trainer, 40), list(trainer.test_losses[17:])
    trainer.restore(state)
    assert steps(trainer, 40) == future
    assert list(trainer.test_losses[17:]) == test_future
    assert len(trainer.test_losses) == 57


def test_a_fresh_trainer_given_the_history_becomes_the_saved_run() -> None:
    trainer = XOR_BATCHES.trainer()
    steps(trainer, 30)
    state, losses, test_losses = trainer.state(), trainer.losses[:], trainer.test_losses[:]
    future = steps(trainer, 30)
    loaded = XOR_BATCHES.trainer()
    loaded.restore(state, losses=losses, test_losses=test_losses)
    assert (loaded.steps, loaded.epoch, loaded.loss) == (30, state.epoch, losses[-1])
    assert steps(loaded, 30) == future
    assert loaded.losses == trainer.losses and loaded.test_losses == trainer.test_losses


def test_a_state_is_frozen_and_its_own_copy() -> None:
    trainer = XOR_BATCHES.trainer()
    state = trainer.state()
    steps(trainer, 10)
    assert state.steps == 0
    assert state.parameters == array("d", XOR_BATCHES.trainer().network.parameters())
    assert state.shuffler == XOR_BATCHES.trainer().state().shuffler
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.steps = 3  # type: ignore[misc]


def test_settings_changed_after_a_restore_are_used() -> None:
    trainer = XOR_BATCHES.trainer()
    state = trainer.state()
    future = steps(trainer, 5)
    trainer.restore(state)
    trainer.learning_rate = 2.0
    assert steps(trainer, 5)[1:] != future[1:]


def refused(trainer: Trainer, state: object, message: str, **history: "array[float]") -> None:
    before = trainer.state(), trainer.losses[:], trainer.test_losses[:]
    with pytest.raises(ValueError, match=message):
        trainer.restore(state, **history)  # type: ignore[arg-type]
    assert (trainer.state(), trainer.losses, trainer.test_losses) == before


def test_a_state_that_cannot_be_this_trainers_is_refused_and_changes_nothing() -> None:
    trainer = XOR_BATCHES.trainer()
    steps(trainer, 9)
    state = trainer.state()
    other = RunConfig(dataset_name="xor", points=60, train_ratio=70.0).trainer().state()
    refused(trainer, other, "the state holds 17 weights and biases, the network 37")
    refused(XOR_BATCHES.trainer(), state, "needs 9 losses and 9 test losses, got 0 and 0")
    too_few = trainer.losses[:3]
    refused(trainer, state, "got 3 and 9", losses=too_few)
    order = (0, *state.shuffler.order[:-1])
    bad_order = dataclasses.replace(state, shuffler=Shuffler(order, state.shuffler.random_state))
    refused(trainer, bad_order, "the order must hold each of 0 to 41 exactly once")
    bad_random = dataclasses.replace(state, shuffler=Shuffler(state.shuffler.order, (3, (1, 2))))
    refused(trainer, bad_random, "not a random state")
    refused(trainer, dataclasses.replace(state, position=42), "the position must be from 0 to 41")
