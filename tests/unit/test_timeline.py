"""The timeline: checkpoints as a run trains, thinned to stay small, each a place to go on from."""

import itertools

import pytest

from scratchnet import Network, RunConfig, Trainer, predict_grid
from scratchnet.datasets import grid
from scratchnet.timeline import Timeline

# Mini-batches of 7 on xor, a test set and L2: resuming must replay the shuffles exactly.
XOR_BATCHES = RunConfig(
    hidden=(4,),
    learning_rate=0.5,
    dataset_name="xor",
    points=40,
    train_ratio=70.0,
    features=("x", "y", "xy"),
    regularisation="l2",
    regularisation_rate=0.01,
    batch_size=7,
)


def recorded_run(trainer: Trainer, count: int, timeline: Timeline) -> Trainer:
    timeline.record(trainer)
    for _ in range(count):
        trainer.step()
        timeline.record(trainer)
    return trainer


def test_every_step_is_kept_at_first() -> None:
    timeline = Timeline()
    recorded_run(Trainer(Network(2, [2], seed=0), grid(2), 1.0), 50, timeline)
    assert timeline.steps == list(range(51))
    assert len(timeline) == 51 and timeline.spacing == 1


def test_thinning_keeps_the_timeline_small_and_evenly_spaced() -> None:
    trainer = Trainer(Network(1, [1], seed=0), [(0.0, 0.0, 1.0)], 1.0, features=("x",))
    timeline = Timeline()
    timeline.record(trainer)
    for _ in range(100_000):  # steps counted without training, to be quick: record reads them
        trainer.steps += 1
        timeline.record(trainer)
    steps = timeline.steps
    assert 1024 <= len(steps) <= 2048
    assert steps[0] == 0 and steps[-1] > 100_000 - timeline.spacing
    assert {b - a for a, b in itertools.pairwise(steps)} == {timeline.spacing}
    timeline.record_latest(trainer)
    assert timeline.steps[-1] == 100_000 and len(timeline) <= 2049


def test_a_small_capacity_drops_every_other_and_keeps_both_ends() -> None:
    timeline = Timeline(capacity=4)
    recorded_run(Trainer(Network(2, [2], seed=0), grid(2), 1.0), 4, timeline)
    assert timeline.steps == [0, 2, 4] and timeline.spacing == 2
    with pytest.raises(ValueError, match="capacity must be an even number from 2, got 5"):
        Timeline(capacity=5)


def test_going_on_from_any_checkpoint_repeats_the_run_mini_batches_included() -> None:
    timeline = Timeline(capacity=128)  # thinned twice by step 300; shufflers replayed
    original = recorded_run(XOR_BATCHES.trainer(), 300, timeline)
    assert timeline.spacing == 4
    for index in (0, 1, 37, 64, 65, 75, len(timeline) - 1):
        trainer = XOR_BATCHES.trainer()
        state = timeline.at(index)
        trainer.restore(
            state,
            losses=original.losses[: state.steps],
            test_losses=original.test_losses[: state.steps],
        )
        for _ in range(300 - state.steps):
            trainer.step()
        assert trainer.losses == original.losses, f"checkpoint {index} at step {state.steps}"
        assert trainer.test_losses == original.test_losses
        assert trainer.network.parameters() == original.network.parameters()


@pytest.mark.parametrize(
    "config", [XOR_BATCHES, RunConfig(density=4)], ids=["mini-batches", "full batch"]
)
def test_a_fork_with_nothing_changed_gives_the_original_losses(config: RunConfig) -> None:
    timeline = Timeline(capacity=16)
    trainer = recorded_run(config.trainer(), 100, timeline)
    original = trainer.losses[:]
    index = timeline.nearest(41)
    fork_step = timeline.steps[index]
    timeline.fork(trainer, index)
    assert timeline.steps[-1] == fork_step and len(trainer.losses) == fork_step
    for _ in range(100 - fork_step):
        trainer.step()
        timeline.record(trainer)
    assert trainer.losses == original
    assert timeline.steps[-1] == 96 and len(timeline) <= 16


def test_the_latest_step_is_kept_when_asked_and_can_be_forked_from() -> None:
    timeline = Timeline(capacity=8)
    trainer = recorded_run(XOR_BATCHES.trainer(), 23, timeline)
    assert timeline.steps == [0, 4, 8, 12, 16, 20]
    timeline.record_latest(trainer)
    assert timeline.steps[-2:] == [20, 23]
    future = [trainer.step() for _ in range(9)]
    timeline.fork(trainer, len(timeline) - 1)
    assert trainer.steps == 23
    assert [trainer.step() for _ in range(9)] == future


def test_a_checkpoint_draws_the_picture_the_network_had_then() -> None:
    config = RunConfig(features=("x", "y", "x2", "y2"), hidden=(3,), density=4)
    trainer, timeline = config.trainer(), Timeline(capacity=8)
    pictures = {}
    timeline.record(trainer)
    for _ in range(20):
        trainer.step()
        timeline.record(trainer)
        pictures[trainer.steps] = predict_grid(trainer.network, 9, 5, features=config.features)
    live = trainer.network.parameters()
    for index, step in enumerate(timeline.steps[1:], start=1):
        past = trainer.network.copy()  # the app draws the past from a copy, as here
        past.set_parameters(timeline.parameters_at(index))
        assert predict_grid(past, 9, 5, features=config.features) == pictures[step]
        assert past.parameters() == list(timeline.parameters_at(index))
    assert trainer.network.parameters() == live


def test_nearest_and_bad_indices() -> None:
    timeline = Timeline(capacity=4)
    with pytest.raises(LookupError, match="no checkpoints yet"):
        timeline.nearest(3)
    recorded_run(Trainer(Network(2, [2], seed=0), grid(2), 1.0), 8, timeline)
    assert timeline.steps == [0, 4, 8]
    assert [timeline.nearest(step) for step in (-5, 1, 2, 3, 7, 99)] == [0, 0, 0, 1, 2, 2]
    with pytest.raises(IndexError, match="the timeline has 3 checkpoints, there is no number 3"):
        timeline.at(3)
