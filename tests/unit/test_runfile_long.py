"""Long runs stay saveable: beyond MAX_LOSS_POINTS the loss history is kept every k-th step and
the last (format version 2), a loaded run still goes on exactly, and version-1 files still load.

The bound is lowered here (to 50 points) so that a few hundred steps show what millions do."""

import json
from array import array
from pathlib import Path
from typing import Any

import pytest

from scratchnet import loss_history, run_json
from scratchnet.config import RunConfig
from scratchnet.loss_history import held_losses, kept_count, kept_losses, loss_stride
from scratchnet.run_json import RunFileError, pretty_json
from scratchnet.runfile import load_run, run_data, save_run
from scratchnet.trainer import Trainer

# With a test set and mini-batches: both curves and the shuffler are in the file.
CONFIG = RunConfig(hidden=(3,), dataset_name="xor", points=40, train_ratio=50.0, batch_size=6)
STEPS = 300


@pytest.fixture
def small_bound(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(loss_history, "MAX_LOSS_POINTS", 50)
    return 50


def trained(steps: int) -> Trainer:
    trainer = CONFIG.trainer()
    for _ in range(steps):
        trainer.step()
    return trainer


def saved(path: Path, trainer: Trainer) -> dict[str, Any]:
    save_run(path, CONFIG, trainer)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_the_stride_is_the_smallest_power_of_two_within_the_bound(small_bound: int) -> None:
    assert [loss_stride(steps) for steps in (0, 1, 50, 51, 99, 100, 300)] == [1, 1, 1, 2, 2, 4, 8]
    for steps in range(0, 2000, 7):
        every = loss_stride(steps)
        assert kept_count(steps, every) <= small_bound
        assert every == 1 or kept_count(steps, every // 2) > small_bound


def test_the_real_bound_keeps_a_twelve_million_step_run_to_a_hundred_thousand_points() -> None:
    assert loss_history.MAX_LOSS_POINTS == 100_000
    assert loss_stride(100_000) == 1 and loss_stride(100_001) == 2
    assert loss_stride(12_000_000) == 128 and kept_count(12_000_000, 128) == 93_751


def test_a_long_history_is_kept_every_kth_step_and_the_last(
    tmp_path: Path, small_bound: int
) -> None:
    trainer = trained(STEPS)
    data = saved(tmp_path / "run.json", trainer)
    losses = data["losses"]
    assert data["version"] == 2 and losses["every"] == 8
    kept = [*range(0, STEPS, 8), STEPS - 1]  # steps 1, 9, 17, ..., 297 and 300
    assert losses["train"] == [trainer.losses[i] for i in kept]
    assert losses["test"] == [trainer.test_losses[i] for i in kept]
    assert len(losses["train"]) <= small_bound


def test_a_short_history_is_kept_whole(tmp_path: Path, small_bound: int) -> None:
    trainer = trained(small_bound)
    losses = saved(tmp_path / "run.json", trainer)["losses"]
    assert losses["every"] == 1 and losses["train"] == list(trainer.losses)


def test_a_downsampled_run_goes_on_exactly(tmp_path: Path, small_bound: int) -> None:
    trainer = trained(STEPS)
    save_run(tmp_path / "run.json", CONFIG, trainer)
    config, loaded = load_run(tmp_path / "run.json")
    assert config == CONFIG and loaded.steps == STEPS
    assert loaded.network.parameters() == trainer.network.parameters()
    for _ in range(5):
        assert loaded.step() == trainer.step()  # to the last digit
        assert loaded.test_loss == trainer.test_loss


def test_a_loaded_history_has_a_loss_per_step_holding_the_kept_ones(
    tmp_path: Path, small_bound: int
) -> None:
    trainer = trained(STEPS)
    save_run(tmp_path / "run.json", CONFIG, trainer)
    loaded = load_run(tmp_path / "run.json")[1]
    assert len(loaded.losses) == len(loaded.test_losses) == STEPS
    assert loaded.loss == trainer.loss and loaded.test_loss == trainer.test_loss
    for step in range(STEPS - 1):  # each step shows the kept loss at or before it
        assert loaded.losses[step] == trainer.losses[step - step % 8]
        assert loaded.test_losses[step] == trainer.test_losses[step - step % 8]


def test_saving_a_loaded_run_again_keeps_only_real_losses(tmp_path: Path, small_bound: int) -> None:
    # The strides are powers of 2, so a later, coarser stride picks steps the file had kept.
    trainer = trained(STEPS)
    save_run(tmp_path / "run.json", CONFIG, trainer)
    loaded = load_run(tmp_path / "run.json")[1]
    for _ in range(200):
        assert loaded.step() == trainer.step()
    losses = saved(tmp_path / "again.json", loaded)["losses"]
    assert losses["every"] == 16
    kept = [*range(0, 500, 16), 499]
    assert losses["train"] == [trainer.losses[i] for i in kept]
    assert losses["test"] == [trainer.test_losses[i] for i in kept]


def test_a_version_1_file_still_loads(tmp_path: Path) -> None:
    trainer = trained(20)
    data = run_data(CONFIG, trainer)
    data["version"] = 1
    del data["losses"]["every"]  # version 1: every step's loss, and no "every"
    path = tmp_path / "old.json"
    path.write_text(pretty_json(data))
    config, loaded = load_run(path)
    assert config == CONFIG and list(loaded.losses) == list(trainer.losses)
    assert list(loaded.test_losses) == list(trainer.test_losses)
    assert loaded.step() == trainer.step()


MISSING = object()


@pytest.mark.parametrize(
    ("version", "every", "reason"),
    [
        (1, 1, "losses has unknown 'every'"),
        (2, MISSING, "losses lacks every"),
        (2, None, "losses every must be a whole number, got null"),
        (2, 0, "losses every must be from 1 to 20, got 0"),
        (2, 64, "losses every must be from 1 to 20, got 64"),
        (2, 3, "losses every must be a power of 2, got 3"),
        (2, 2, "losses train must have 11 numbers (one per 2 steps and the last), the file has 20"),
    ],
)
def test_a_bad_history_is_refused(tmp_path: Path, version: int, every: object, reason: str) -> None:
    data = run_data(CONFIG, trained(20))
    data["version"] = version
    if every is MISSING:
        del data["losses"]["every"]
    else:
        data["losses"]["every"] = every
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    with pytest.raises(RunFileError) as error:
        load_run(path)
    assert reason in str(error.value)


def test_a_run_longer_than_a_file_holds_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loss_history, "MAX_STEPS", 10)
    path = tmp_path / "run.json"
    with pytest.raises(RunFileError, match="the run has 11 steps, more than a run file's 10"):
        save_run(path, CONFIG, trained(11))
    assert not path.exists()


def test_a_run_too_big_for_a_file_is_stopped_while_writing_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.json"
    save_run(path, CONFIG, trained(3))
    before = path.read_bytes()
    monkeypatch.setattr(run_json, "MAX_FILE_BYTES", len(before) + 100)
    with pytest.raises(RunFileError, match="more than a run file's"):
        save_run(path, CONFIG, trained(100))
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "run.json"
    ]


def test_the_pieces_make_the_same_json_the_file_always_had(tmp_path: Path) -> None:
    data = run_data(CONFIG, trained(30))
    text = pretty_json(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and lines[1] == '  "format": "scratchnet run",'
    for key in ("weights", "bias"):  # a neuron as json.dumps writes it
        assert f'{{"{key}": ' in text or f', "{key}": ' in text
    network = json.dumps(data["network"])
    assert f'  "network": {network},' in lines


def test_keeping_and_holding_are_inverse_at_the_kept_steps() -> None:
    history = array("d", [float(i) for i in range(1, 38)])
    for every in (1, 2, 4, 8, 64):
        kept = kept_losses(history, every)
        assert len(kept) == kept_count(len(history), every)
        held = held_losses(kept, len(history), every)
        assert len(held) == len(history) and held[-1] == history[-1]
        assert all(held[i] == history[i] for i in range(0, len(history), every))
    assert held_losses([], 0, 8).tolist() == []
