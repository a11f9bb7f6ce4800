"""Saved runs: the round trip, going on exactly, and the atomic write."""

import json
import math
import os
import random
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from scratchnet import files, runfile, timeline_file
from scratchnet.config import RunConfig
from scratchnet.run_json import RunFileError
from scratchnet.runfile import load_run, run_data, save_run
from scratchnet.settings import SETTINGS
from scratchnet.trainer import Trainer

# A run that uses every part of the file: mini-batches part-way through an epoch, a test set,
# regularisation, more features and a hidden activation other than sigmoid.
EVERYTHING = RunConfig(
    hidden=(5, 3),
    learning_rate=0.3,
    seed=2,
    dataset_name="xor",
    points=60,
    noise=10.0,
    data_seed=4,
    train_ratio=70.0,
    features=("x", "y", "xy"),
    activation="tanh",
    regularisation="l2",
    regularisation_rate=0.01,
    batch_size=8,
)

RUNS = {
    "tutorial, full batch": RunConfig(),
    "mini-batches, test set, l2, tanh": EVERYTHING,
    "relu, l1, batches of 1": replace(
        EVERYTHING, activation="relu", regularisation="l1", batch_size=1, learning_rate=0.1
    ),
    "linear, full batch, test set": replace(EVERYTHING, activation="linear", batch_size=None),
    "sigmoid, spiral, batch bigger than the data": replace(
        EVERYTHING, activation="sigmoid", dataset_name="spiral", batch_size=1000
    ),
    "no hidden layer, gauss": replace(EVERYTHING, hidden=(), dataset_name="gauss"),
}


def trained(config: RunConfig, steps: int) -> Trainer:
    trainer = config.trainer()
    for _ in range(steps):
        trainer.step()
    return trainer


def state(trainer: Trainer) -> tuple[Any, ...]:
    """Everything that decides the trainer's future, and its past."""
    batches = trainer.batches
    return (
        trainer.network.parameters(),
        trainer.steps,
        list(trainer.losses),
        list(trainer.test_losses),
        trainer.diverged,
        (trainer.learning_rate, trainer.batch_size),
        (trainer.regularisation, trainer.regularisation_rate),
        (batches.epoch, batches.position, list(batches.order), batches.rng.getstate()),
    )


@pytest.mark.parametrize("config", RUNS.values(), ids=RUNS.keys())
def test_a_loaded_run_goes_on_exactly_as_if_never_saved(config: RunConfig, tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    uninterrupted = trained(config, 23)

    trainer = trained(config, 13)  # 13 steps of 5 mini-batches: part-way through an epoch
    save_run(path, config, trainer)
    loaded_config, loaded = load_run(path)
    assert loaded_config == config
    assert state(loaded) == state(trainer)

    next_loss = loaded.step()
    assert next_loss == uninterrupted.losses[13]  # to the last digit, not approximately
    for _ in range(9):
        loaded.step()
    assert state(loaded) == state(uninterrupted)


def test_a_run_saved_twice_still_goes_on_exactly(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    trainer = trained(EVERYTHING, 3)
    for _ in range(3):
        save_run(path, EVERYTHING, trainer)
        trainer = load_run(path)[1]
        for _ in range(4):
            trainer.step()
    assert state(trainer) == state(trained(EVERYTHING, 15))


def test_a_fresh_run_and_a_long_one_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    for trainer in [EVERYTHING.trainer(), trained(EVERYTHING, 300)]:
        save_run(path, EVERYTHING, trainer)
        assert state(load_run(path)[1]) == state(trainer)


def test_the_settings_changed_between_steps_are_saved_as_the_trainer_has_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "run.json"
    trainer = trained(EVERYTHING, 5)
    trainer.learning_rate, trainer.batch_size = 0.05, None
    trainer.regularisation, trainer.regularisation_rate = "l1", 0.3
    save_run(path, EVERYTHING, trainer)
    config, loaded = load_run(path)
    live = {"learning_rate": 0.05, "batch_size": None}
    live |= {"regularisation": "l1", "regularisation_rate": 0.3}
    assert config == replace(EVERYTHING, **live)
    assert state(loaded) == state(trainer)
    assert loaded.step() == trainer.step()


def test_the_file_holds_every_setting_and_the_format(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    save_run(path, EVERYTHING, trained(EVERYTHING, 4))
    data = json.loads(path.read_text())
    assert list(data) == list(runfile.TOP_LEVEL_KEYS)
    assert (data["format"], data["version"]) == ("scratchnet run", 2)
    assert list(data["settings"]) == [field.name for field in fields(RunConfig)]
    assert data["settings"]["seed"] == 2 and data["settings"]["hidden"] == [5, 3]
    assert data["steps"] == 4 and len(data["losses"]["train"]) == len(data["losses"]["test"]) == 4
    assert [len(layer) for layer in data["network"]] == [5, 3, 1]
    assert [len(neuron["weights"]) for neuron in data["network"][1]] == [5, 5, 5]
    assert path.read_text().count("\n") < 40, "one line per entry, lists on one line"


def test_every_setting_is_checked_when_loading() -> None:
    """Every RunConfig field is a declared setting (settings.SETTINGS), checked when loading."""
    assert [setting.name for setting in SETTINGS] == [field.name for field in fields(RunConfig)]


def test_the_random_state_format_is_the_one_python_uses() -> None:
    version, words, _ = random.Random(0).getstate()
    assert version == timeline_file.RANDOM_STATE_VERSION
    assert len(words) == timeline_file.RANDOM_STATE_WORDS + 1


def test_a_diverged_run_is_not_saved_and_the_old_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    trainer = trained(EVERYTHING, 2)
    save_run(path, EVERYTHING, trainer)
    before = path.read_bytes()
    trainer.network.layers[0][0].weights[0] = math.inf
    trainer.step()
    assert trainer.diverged
    with pytest.raises(
        RunFileError,
        match=r"cannot save .*run.json: the run diverged, so its weights are not numbers",
    ):
        save_run(path, EVERYTHING, trainer)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["run.json"]


def test_settings_that_could_not_be_loaded_are_not_saved(tmp_path: Path) -> None:
    trainer = trained(RunConfig(), 1)
    trainer.learning_rate = -1.0
    with pytest.raises(RunFileError, match="learning rate must be a finite number greater than 0"):
        save_run(tmp_path / "run.json", RunConfig(), trainer)
    trainer.learning_rate = 10.0
    trainer.network.layers[1][0].bias = math.nan  # as if diverged, without the flag
    with pytest.raises(RunFileError, match="not finite"):
        save_run(tmp_path / "run.json", RunConfig(), trainer)
    assert os.listdir(tmp_path) == []


def test_a_trainer_from_other_settings_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not made from these settings"):
        run_data(RunConfig(hidden=(8,)), RunConfig().trainer())
    with pytest.raises(ValueError, match="not made from these settings"):
        run_data(RunConfig(features=("x", "x2")), RunConfig().trainer())
    with pytest.raises(ValueError, match="not made from these settings"):
        run_data(RunConfig(seed=1), RunConfig().trainer())


# -- the atomic write --------------------------------------------------------------------------


class HalfWrittenFile:
    """A file whose write puts half the bytes on the disk, then fails as a full disk does."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def __enter__(self) -> "HalfWrittenFile":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.file.close()

    def write(self, content: bytes) -> int:
        self.file.write(content[: len(content) // 2])
        self.file.flush()
        raise OSError(28, "No space left on device")


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "run.json"
    save_run(path, RunConfig(), trained(RunConfig(), 3))
    return path


def test_a_save_that_fails_half_way_leaves_the_old_file_and_no_half_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_file.read_bytes()
    half_written: list[Path] = []

    def open_that_fails_half_way(path: Path, mode: str) -> HalfWrittenFile:
        half_written.append(Path(path))
        return HalfWrittenFile(open(path, mode))

    monkeypatch.setattr(files, "open", open_that_fails_half_way, raising=False)
    with pytest.raises(RunFileError) as error:
        save_run(old_file, RunConfig(), trained(RunConfig(), 50))
    assert str(error.value) == f"cannot save {old_file}: no space left on device"
    assert half_written and half_written[0].parent == old_file.parent, "a temporary file, beside"
    assert old_file.read_bytes() == before
    assert os.listdir(old_file.parent) == ["run.json"]
    monkeypatch.undo()
    assert load_run(old_file)[1].steps == 3


def test_an_interrupted_save_leaves_the_old_file_and_no_half_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_file.read_bytes()

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_run(old_file, RunConfig(), trained(RunConfig(), 50))
    monkeypatch.undo()
    assert old_file.read_bytes() == before
    assert os.listdir(old_file.parent) == ["run.json"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_file.read_bytes()
    renames: list[tuple[str, str]] = []

    def failing_replace(source: str, target: str) -> None:
        renames.append((str(source), str(target)))
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    with pytest.raises(RunFileError, match="permission denied"):
        save_run(old_file, RunConfig(), trained(RunConfig(), 50))
    monkeypatch.undo()
    assert renames and renames[0][1] == str(old_file)
    assert Path(renames[0][0]).parent == old_file.parent
    assert old_file.read_bytes() == before
    assert os.listdir(old_file.parent) == ["run.json"]


def test_a_save_writes_the_whole_file_then_replaces_the_old_one(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("fsync")
        real_fsync(descriptor)

    def replace(source: str, target: str) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    save_run(old_file, RunConfig(), trained(RunConfig(), 50))
    monkeypatch.undo()
    # The file is on the disk before it replaces the old one; then the folder, if it can be.
    assert events[:2] == ["fsync", "replace"]
    assert load_run(old_file)[1].steps == 50
    assert os.listdir(old_file.parent) == ["run.json"]


def test_saving_where_there_is_no_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(RunFileError) as error:
        save_run(tmp_path / "missing" / "run.json", RunConfig(), RunConfig().trainer())
    assert str(error.value) == f"cannot save {tmp_path / 'missing' / 'run.json'}: no such folder"
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(RunFileError, match="it is a folder"):
        save_run(tmp_path / "folder.json", RunConfig(), RunConfig().trainer())
    assert os.listdir(tmp_path) == ["folder.json"]
    assert os.listdir(tmp_path / "folder.json") == []


def test_check_writable_says_why_before_a_long_run(tmp_path: Path) -> None:
    runfile.check_writable(tmp_path / "new.json", runfile.RUN_FILE)
    for path, reason in [
        (tmp_path / "missing" / "run.json", "there is no folder"),
        (tmp_path, "it is a folder"),
    ]:
        with pytest.raises(RunFileError, match=reason):
            runfile.check_writable(path, runfile.RUN_FILE)
    file = tmp_path / "file"
    file.write_text("")
    with pytest.raises(RunFileError, match="there is no folder"):
        runfile.check_writable(file / "run.json", runfile.RUN_FILE)
