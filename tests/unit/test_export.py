"""Export: the loss history as CSV, one row per step, read back to the same numbers."""

import csv
import math
import os
from pathlib import Path

import pytest

from scratchnet import files
from scratchnet.config import RunConfig
from scratchnet.export import HEADER, export_csv, losses_csv
from scratchnet.run_json import RunFileError
from scratchnet.trainer import Trainer


def trained(config: RunConfig, steps: int) -> Trainer:
    trainer = config.trainer()
    for _ in range(steps):
        trainer.step()
    return trainer


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def test_one_row_per_step_with_every_digit(tmp_path: Path) -> None:
    trainer = trained(RunConfig(), 30)
    path = tmp_path / "losses.csv"
    export_csv(path, trainer)
    lines = path.read_text().splitlines()
    assert lines[0] == HEADER == "step,train_loss,test_loss"
    assert lines[1] == "1,0.29188529649769973,"  # the tutorial's first loss, 0.2919
    rows = read_rows(path)
    assert [row["step"] for row in rows] == [str(step) for step in range(1, 31)]
    assert [float(row["train_loss"]) for row in rows] == list(trainer.losses)
    assert {row["test_loss"] for row in rows} == {""}, "no test set: the column is empty"


def test_a_test_set_fills_the_test_loss_column(tmp_path: Path) -> None:
    config = RunConfig(dataset_name="gauss", points=50, train_ratio=60.0, batch_size=7)
    trainer = trained(config, 12)
    path = tmp_path / "losses.csv"
    export_csv(path, trainer)
    rows = read_rows(path)
    assert len(rows) == 12
    assert [float(row["train_loss"]) for row in rows] == list(trainer.losses)
    assert [float(row["test_loss"]) for row in rows] == list(trainer.test_losses)


def test_a_run_before_its_first_step_is_the_header_alone() -> None:
    assert losses_csv(RunConfig().trainer()) == HEADER + "\n"


def test_a_diverged_run_exports_its_history_up_to_the_blow_up(tmp_path: Path) -> None:
    trainer = trained(RunConfig(), 4)
    trainer.network.layers[0][0].weights[0] = math.inf
    trainer.step()
    assert trainer.diverged
    path = tmp_path / "losses.csv"
    export_csv(path, trainer)
    assert len(read_rows(path)) == 4


def test_a_failed_export_leaves_the_old_file_and_says_why_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "losses.csv"
    export_csv(path, trained(RunConfig(), 1))
    old = path.read_text()

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(RunFileError) as error:
        export_csv(path, trained(RunConfig(), 3))
    assert str(error.value) == f"cannot write {path}: no space left on device"
    assert path.read_text() == old
    assert os.listdir(tmp_path) == ["losses.csv"]
    with pytest.raises(RunFileError, match="no such folder"):
        export_csv(tmp_path / "missing" / "losses.csv", RunConfig().trainer())
