"""With mini-batches, the whole sets' losses after each epoch: kept, restored, saved, loaded."""

import json
import math
from pathlib import Path
from typing import Any

import pytest

from scratchnet.config import RunConfig
from scratchnet.run_json import RunFileError
from scratchnet.runfile import load_run, run_data, run_from_data, save_run
from scratchnet.trainer import Trainer

# 121 grid points, 60 % for training: 72 training points, 49 test points; batches of 10 make
# an epoch of 8 steps (7 of 10 and one of 2).
MINI = RunConfig(batch_size=10, train_ratio=60.0, learning_rate=3.0)


def steps(trainer: Trainer, count: int) -> None:
    for _ in range(count):
        trainer.step()


def test_each_epoch_of_mini_batches_ends_with_the_whole_sets_losses() -> None:
    trainer = MINI.trainer()
    assert len(trainer.dataset) == 72 and trainer.mini_batches
    seen: list[tuple[int, float, float | None]] = []
    for _ in range(3 * 8):
        trainer.step()
        if trainer.batches.position == 0:  # the step that ended an epoch
            seen.append((trainer.epoch, trainer.train_loss(), _test_loss(trainer)))
    assert [epoch for epoch, _, _ in seen] == [1, 2, 3]
    assert list(trainer.epoch_numbers) == [1, 2, 3]
    # Measured after the epoch's last update, over every point, exactly as train_loss() does.
    assert list(trainer.epoch_losses) == [train for _, train, _ in seen]
    assert list(trainer.epoch_test_losses) == [test for _, _, test in seen]
    assert trainer.epoch_loss == seen[-1][1] and trainer.epoch_test_loss == seen[-1][2]
    # A batch's loss is not the whole set's: that is why these are kept.
    assert trainer.loss != trainer.epoch_loss


def _test_loss(trainer: Trainer) -> float:
    """The test set's loss now, with the network as it is (a pass over the test set)."""
    twin = Trainer(trainer.network, trainer.test_set, 1.0, features=trainer.features)
    return twin.train_loss()


def test_losses_after_an_epoch_are_nan_until_it_ends() -> None:
    trainer = MINI.trainer()
    assert math.isnan(trainer.epoch_loss) and trainer.epoch_test_loss is not None
    steps(trainer, 7)
    train, test = trainer.losses_after_epoch(1)
    assert math.isnan(train) and test is not None and math.isnan(test)
    trainer.step()
    assert trainer.losses_after_epoch(1) == (trainer.epoch_losses[0], trainer.epoch_test_losses[0])
    without_test = RunConfig(batch_size=10).trainer()
    steps(without_test, 13)  # 121 points: the 13th batch ends the epoch
    assert without_test.epoch_test_loss is None
    assert without_test.losses_after_epoch(1)[1] is None
    assert not math.isnan(without_test.losses_after_epoch(1)[0])


def test_full_batch_keeps_no_epoch_losses_and_the_tutorial_is_untouched(
    tutorial_run: dict[str, Any],
) -> None:
    trainer = RunConfig().trainer()
    steps(trainer, 50)
    assert not trainer.mini_batches
    assert list(trainer.losses) == tutorial_run["loss_per_step"][:50]
    assert len(trainer.epoch_numbers) == len(trainer.epoch_losses) == 0
    # A batch as big as the training set is full batch too.
    big = RunConfig(batch_size=500).trainer()
    steps(big, 3)
    assert not big.mini_batches and len(big.epoch_losses) == 0


def test_switching_batch_size_keeps_the_epochs_it_measured() -> None:
    trainer = MINI.trainer()
    steps(trainer, 8)  # epoch 1, in mini-batches
    trainer.batch_size = None
    steps(trainer, 3)  # epochs 2 to 4, full batch: not measured
    trainer.batch_size = 10
    steps(trainer, 8)  # epoch 5
    assert list(trainer.epoch_numbers) == [1, 5]
    assert math.isnan(trainer.losses_after_epoch(3)[0])


def test_going_back_drops_the_epochs_after_the_state() -> None:
    trainer = MINI.trainer()
    steps(trainer, 12)
    state = trainer.state()  # epoch 1, half-way through epoch 2
    steps(trainer, 12)
    assert list(trainer.epoch_numbers) == [1, 2, 3]
    trainer.restore(state)
    assert list(trainer.epoch_numbers) == [1]
    assert len(trainer.epoch_losses) == len(trainer.epoch_test_losses) == 1
    steps(trainer, 4)
    assert list(trainer.epoch_numbers) == [1, 2]


def test_a_saved_run_keeps_its_epoch_losses(tmp_path: Path) -> None:
    trainer = MINI.trainer()
    steps(trainer, 20)
    path = tmp_path / "run.json"
    save_run(path, MINI, trainer)
    data = json.loads(path.read_text())
    assert data["version"] == 2
    assert data["epoch_losses"]["epoch"] == [1, 2]
    _, loaded = load_run(path)
    assert loaded.epoch_numbers == trainer.epoch_numbers
    assert loaded.epoch_losses == trainer.epoch_losses
    assert loaded.epoch_test_losses == trainer.epoch_test_losses
    steps(trainer, 8)
    steps(loaded, 8)
    assert loaded.epoch_losses == trainer.epoch_losses, "it goes on exactly"


def test_a_file_without_epoch_losses_still_loads(tmp_path: Path) -> None:
    trainer = MINI.trainer()
    steps(trainer, 20)
    data = run_data(MINI, trainer)
    del data["epoch_losses"]
    _, loaded = run_from_data(data)
    assert len(loaded.epoch_losses) == 0 and loaded.steps == 20
    full = RunConfig().trainer()
    steps(full, 3)
    assert "epoch_losses" not in run_data(RunConfig(), full), "full batch: nothing to keep"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"epoch": [1, 1]}, "rising whole numbers from 1 to 2"),
        ({"epoch": [0, 1]}, "rising whole numbers from 1 to 2"),
        ({"epoch": [1, 3]}, "rising whole numbers from 1 to 2"),
        ({"epoch": [1, 2.0]}, "rising whole numbers"),
        ({"epoch": "1,2"}, "epoch must be a list"),
        ({"train": [0.1]}, "epoch_losses train must have 2 numbers"),
        ({"test": [0.1, None]}, "epoch_losses test must hold numbers only"),
        ({"extra": 1}, "epoch_losses has unknown 'extra'"),
    ],
)
def test_bad_epoch_losses_are_refused_in_one_line(change: dict[str, Any], reason: str) -> None:
    trainer = MINI.trainer()
    steps(trainer, 20)
    data = run_data(MINI, trainer)
    data["epoch_losses"] = data["epoch_losses"] | change
    with pytest.raises(RunFileError, match=reason):
        run_from_data(data)


@pytest.mark.parametrize("version", [1, 2])
def test_an_old_file_saying_circle_loads_as_the_grid(version: int) -> None:
    trainer = RunConfig(density=4).trainer()
    steps(trainer, 3)
    data = run_data(RunConfig(density=4), trainer)
    data["settings"]["dataset_name"] = "circle"
    data["version"] = version
    if version == 1:
        del data["losses"]["every"]
    config, loaded = run_from_data(data)
    assert config.dataset_name == "grid" and config == RunConfig(density=4)
    assert loaded.dataset == trainer.dataset and loaded.losses == trainer.losses
    data["settings"]["dataset_name"] = ["circle"]
    with pytest.raises(RunFileError, match="dataset_name must be a name"):
        run_from_data(data)


def test_the_session_shows_mini_batch_runs_per_epoch() -> None:
    from scratchnet.modes import make_run
    from tui.session import TrainingSession
    from tui.session.commands import ChangeSettings, StepOnce

    session = TrainingSession(make_run(MINI), paused=True)
    for _ in range(8 * 3 + 2):
        session.apply(StepOnce())
    snapshot = session.snapshot()
    trainer = session.run.trainer
    assert snapshot.per_epoch and snapshot.epoch == 3 and snapshot.step == 26
    # The status line's numbers: the whole sets' losses after epoch 3, not the last batch's.
    assert snapshot.epoch_loss == trainer.epoch_losses[-1] != snapshot.loss
    assert snapshot.epoch_test_loss == trainer.epoch_test_losses[-1]
    # The curves: one point per epoch, at the epoch.
    assert snapshot.losses == tuple(zip((1, 2, 3), trainer.epoch_losses))
    assert snapshot.test_losses == tuple(zip((1, 2, 3), trainer.epoch_test_losses))
    # Full batch again: per step, as the tutorial shows it.
    session.apply(ChangeSettings.of(batch_size=None))
    session.apply(StepOnce())
    full = session.snapshot()
    assert not full.per_epoch and len(full.losses) == 27 and full.losses[-1] == (27, trainer.loss)
