"""Reading a run from another thread while a step is under way (the app quitting while a huge
network takes minutes over one step): it is always the run after its last finished step."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from harness import PATIENCE
from scratchnet import Network, Trainer
from scratchnet.datasets import grid


@contextmanager
def step_held_halfway(trainer: Trainer) -> Iterator[None]:
    """Start `trainer.step()` in a thread and hold it in its forward pass until the block ends
    (the step then finishes and the thread is joined)."""
    inside, release = threading.Event(), threading.Event()
    forward: Callable[[list[float]], float] = trainer.network.forward

    def slow_forward(inputs: list[float]) -> float:
        inside.set()
        release.wait(PATIENCE)
        return forward(inputs)

    trainer.network.forward = slow_forward  # type: ignore[method-assign]
    thread = threading.Thread(target=trainer.step)
    thread.start()
    assert inside.wait(PATIENCE), "the step never began"
    try:
        yield
    finally:
        release.set()
        thread.join(PATIENCE)
        trainer.network.forward = forward  # type: ignore[method-assign]


@pytest.mark.parametrize("batch_size", [None, 11], ids=["full batch", "mini-batches"])
def test_a_step_under_way_is_not_in_the_state_nor_the_copy(batch_size: int | None) -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 10, batch_size=batch_size)
    for _ in range(11):  # with 11-point batches of 121 points, the next step starts an epoch
        trainer.step()
    before = trainer.state()
    with step_held_halfway(trainer):
        during = trainer.state()
        twin = trainer.copy_between_steps()
    assert trainer.steps == 12, "the held step finished once released"
    assert during == before
    assert twin.state() == before
    assert list(twin.losses) == list(trainer.losses[:11])
    # The copy goes on exactly as the run did from there: the same step, the same loss.
    assert twin.step() == trainer.losses[11]
    assert twin.state() == trainer.state()


def test_the_copy_shares_nothing_that_training_changes() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 10, batch_size=20)
    trainer.step()
    twin = trainer.copy_between_steps()
    twin.step()
    twin.learning_rate = 0.1
    assert trainer.steps == 1 and len(trainer.losses) == 1
    assert trainer.learning_rate == 10
    assert trainer.network.parameters() != twin.network.parameters()
    assert trainer.copy_between_steps().state() == trainer.state()


def test_a_trainer_can_still_be_deep_copied_and_goes_on_alike() -> None:
    import copy

    trainer = Trainer(Network(2, [4], seed=0), grid(), 10, batch_size=30)
    trainer.step()
    twin = copy.deepcopy(trainer)
    assert twin.step() == trainer.step()
    assert twin.state() == trainer.state()
