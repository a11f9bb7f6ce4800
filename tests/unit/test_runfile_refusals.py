"""Loading trusts nothing: every kind of bad file is refused with a one-line reason."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scratchnet import loss_history, run_json, runfile, timeline_file
from scratchnet.config import RunConfig
from scratchnet.run_json import RunFileError
from scratchnet.runfile import load_run, run_data

# Mini-batches part-way through an epoch and a test set: every part of the file is in use.
CONFIG = RunConfig(
    hidden=(3,), dataset_name="xor", points=40, train_ratio=50.0, batch_size=6, learning_rate=1.0
)
STEPS = 5


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    """A good run file's JSON object: each test spoils a copy of it."""
    trainer = CONFIG.trainer()
    for _ in range(STEPS):
        trainer.step()
    return run_data(CONFIG, trainer)


def refused(path: Path) -> str:
    """Load `path`, which must be refused; the reason, checked to be one line, and the file
    checked to be left as it was."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(RunFileError) as error:
        load_run(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(f"cannot load {path}: "), message
    assert (path.read_bytes() if path.is_file() else None) == before
    return message.removeprefix(f"cannot load {path}: ")


def test_the_good_file_itself_loads(good: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(good))
    config, trainer = load_run(path)
    assert config == CONFIG
    assert (trainer.steps, trainer.epoch, trainer.batches.position) == (STEPS, 1, 6)


# -- files that are not JSON, or not ours ------------------------------------------------------

NOT_JSON: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "it is empty"),
    "blank": (b"  \n", "it is empty"),
    "text": (b"hello", "it is not valid JSON (Expecting value at line 1 column 1)"),
    "not UTF-8": (b"\xff\xfe{}", "not text (UTF-8)"),
    "NaN": (b'{"a": NaN}', "it holds NaN, which is not a finite number"),
    "Infinity": (b'{"a": [1, Infinity]}', "it holds Infinity"),
    "-Infinity": (b'{"a": -Infinity}', "it holds -Infinity"),
    "1e999": (b'{"a": 1e999}', "it holds 1e999, too big to be a finite number"),
    "a repeated key": (b'{"a": 1, "a": 2}', "the key 'a' appears twice"),
    "a list": (b"[1, 2]", "it is not a scratchnet run"),
    "a number": (b"3", "it is not a scratchnet run"),
    "another format": (b'{"format": "other"}', "it is not a scratchnet run"),
    "no version": (b'{"format": "scratchnet run"}', "it has no format version"),
    "a thousand digits": (
        b'{"a": ' + b"9" * 5000 + b"}",
        "it holds a number Python cannot read",
    ),
    "nested deeply": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize(("content", "reason"), NOT_JSON.values(), ids=NOT_JSON.keys())
def test_a_file_that_is_not_a_run_is_refused(content: bytes, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_bytes(content)
    assert reason in refused(path)


def test_a_cut_short_file_is_refused(good: dict[str, Any], tmp_path: Path) -> None:
    text = run_json.pretty_json(good)
    path = tmp_path / "run.json"
    for end in [1, 10, len(text) // 3, len(text) // 2, len(text) - 3]:
        path.write_text(text[:end])
        assert "is it cut short?" in refused(path)


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path / "missing.json") == "no such file"
    assert refused(tmp_path) == "it is a folder, not a file"


def test_a_file_too_big_is_refused_unread(
    good: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(good))
    monkeypatch.setattr(run_json, "MAX_FILE_BYTES", path.stat().st_size - 1)
    assert "too big" in refused(path)
    monkeypatch.setattr(run_json, "MAX_FILE_BYTES", path.stat().st_size)
    assert load_run(path)[1].steps == STEPS


def test_a_run_too_big_for_a_file_is_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_json, "MAX_FILE_BYTES", 1000)
    with pytest.raises(RunFileError, match="more than a run file's"):
        runfile.save_run(tmp_path / "run.json", CONFIG, CONFIG.trainer())
    assert list(tmp_path.iterdir()) == []


# -- good JSON, bad values ---------------------------------------------------------------------


def setting(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def spoil(data: dict[str, Any]) -> None:
        data["settings"][name] = value

    return spoil


def entry(*keys: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set data[keys[0]][keys[1]]... to `value`."""

    def spoil(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return spoil


def delete(*keys: str) -> Callable[[dict[str, Any]], None]:
    def spoil(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return spoil


def append(*keys: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def spoil(data: dict[str, Any]) -> None:
        target = data
        for key in keys:
            target = target[key]
        target.append(value)

    return spoil


SPOILED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    # the format
    "version 3": (
        entry("version", value=3),
        "format version 3; this scratchnet reads versions 1 and 2",
    ),
    "version '1'": (entry("version", value="1"), 'format version "1"'),
    "version true": (entry("version", value=True), "format version true"),
    "an unknown entry": (entry("comment", value="hi"), "the file has unknown 'comment'"),
    "no losses": (delete("losses"), "the file lacks losses"),
    "settings a list": (entry("settings", value=[]), "settings must be a JSON object"),
    # settings: missing, unknown, of the wrong type, out of range, unknown names
    "a missing setting": (delete("settings", "seed"), "settings lacks seed"),
    "an unknown setting": (setting("lr", 3), "settings has unknown 'lr'"),
    "lr as text": (setting("learning_rate", "10"), 'learning_rate must be a number, got "10"'),
    "lr negative": (setting("learning_rate", -1), "learning rate must be a finite number"),
    "lr null": (setting("learning_rate", None), "learning_rate must be a number, got null"),
    "seed true": (setting("seed", True), "seed must be a whole number, got true"),
    "seed 1.5": (setting("seed", 1.5), "seed must be a whole number, got 1.5"),
    "seed negative": (setting("seed", -3), "seed must be 0 or more"),
    "density 0": (setting("density", 0), "density must be between 1 and 1000"),
    "points 10**9": (setting("points", 10**9), "points must be between 1 and 1000000"),
    "noise 60": (setting("noise", 60), "noise must be between 0 and 50"),
    "train ratio 5": (setting("train_ratio", 5), "train ratio must be between 10 and 100"),
    "reg rate 10**400": (setting("regularisation_rate", 10**400), "must be a number"),
    "batch size 0": (setting("batch_size", 0), "batch size must be 1 or more"),
    "batch size 'full'": (setting("batch_size", "full"), "must be a whole number or null"),
    "hidden a number": (setting("hidden", 4), "hidden must be a list of whole numbers, got 4"),
    "hidden 4.0": (setting("hidden", [4.0]), "hidden must be a list of whole numbers"),
    "hidden 0": (setting("hidden", [0]), "each hidden layer needs 1 to 1024 neurons"),
    "hidden 17 layers": (setting("hidden", [1] * 17), "at most 16 hidden layers"),
    "unknown dataset": (setting("dataset_name", "moons"), "dataset must be one of grid"),
    "dataset a number": (setting("dataset_name", 3), "dataset_name must be a name, got 3"),
    "unknown activation": (setting("activation", "softmax"), "activation must be one of"),
    "unknown regularisation": (setting("regularisation", "l3"), "reg must be one of none"),
    "unknown feature": (setting("features", ["x", "q"]), "features must be comma-separated"),
    "no features": (setting("features", []), "features must name at least one"),
    "a feature twice": (setting("features", ["x", "x"]), "each feature may be listed once"),
    "features as text": (setting("features", "x,y"), "features must be a list of names"),
    "a feature with a comma": (setting("features", ["x,y"]), "features must be a list of names"),
    # shapes: what the settings' network needs
    "a layer too many": (append("network", value=[]), "network must have 2 layers"),
    "a neuron too few": (entry("network", 0, value=[]), "network layer 1 must have 3 neurons"),
    "a weight too many": (
        append("network", 0, 1, "weights", value=0.5),
        "network layer 1 neuron 2 weights must have 2 numbers (one per input), the file has 3",
    ),
    "output weights short": (
        entry("network", 1, 0, "weights", value=[0.1, 0.2]),
        "network layer 2 neuron 1 weights must have 3 numbers",
    ),
    "a weight as text": (
        entry("network", 0, 0, "weights", 0, value="0.5"),
        "network layer 1 neuron 1 weights must hold numbers only",
    ),
    "a weight true": (entry("network", 0, 0, "weights", 0, value=True), "numbers only"),
    "a bias null": (
        entry("network", 0, 2, "bias", value=None),
        "network layer 1 neuron 3 bias must be a number, got null",
    ),
    "a weight 10**400": (entry("network", 0, 0, "weights", 1, value=10**400), "too big"),
    "a neuron with a stranger": (
        entry("network", 0, 0, "gradient", value=1),
        "network layer 1 neuron 1 has unknown 'gradient'",
    ),
    # the step count and the loss history
    "steps negative": (entry("steps", value=-1), "steps must be from 0 to 100000000, got -1"),
    "steps as text": (entry("steps", value="5"), 'steps must be a whole number, got "5"'),
    "history longer than the steps": (
        append("losses", "train", value=0.1),
        "losses train must have 5 numbers (one per step), the file has 6",
    ),
    "history shorter than the steps": (entry("steps", value=6), "losses train must have 6"),
    "a huge step count": (entry("steps", value=10**12), "steps must be from 0 to 100000000"),
    "test losses missing": (entry("losses", "test", value=[]), "losses test must have 5"),
    "a loss as text": (entry("losses", "train", 2, value="0.1"), "must hold numbers only"),
    "losses a list": (entry("losses", value=[]), "losses must be a JSON object"),
    # the mini-batches
    "epoch beyond the steps": (entry("batches", "epoch", value=6), "epoch must be from 0 to 5"),
    "position beyond the data": (
        entry("batches", "position", value=20),
        "batches position must be from 0 to 19",
    ),
    "an order too short": (append("batches", "order", value=3), "batches order must have 20"),
    "an order with a repeat": (entry("batches", "order", 0, value=1), "exactly once"),
    "an order with text": (entry("batches", "order", 0, value="0"), "exactly once"),
    "random state short": (
        entry("batches", "random_state", 1, value=[1, 2, 3]),
        "random_state numbers must have 625",
    ),
    "random state version": (
        entry("batches", "random_state", 0, value=2),
        "random_state must be of version 3",
    ),
    "random state 2**32": (
        entry("batches", "random_state", 1, 0, value=2**32),
        "32-bit whole numbers",
    ),
    "random state position 625": (
        entry("batches", "random_state", 1, 624, value=625),
        "32-bit whole numbers and a position",
    ),
    "random state a dict": (
        entry("batches", "random_state", value={}),
        "must be [version, numbers, null]",
    ),
}


@pytest.mark.parametrize(("spoil", "reason"), SPOILED.values(), ids=SPOILED.keys())
def test_a_file_with_a_bad_value_is_refused(
    good: dict[str, Any],
    spoil: Callable[[dict[str, Any]], None],
    reason: str,
    tmp_path: Path,
) -> None:
    data = json.loads(json.dumps(good))  # a deep copy
    spoil(data)
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    assert reason in refused(path)


def test_test_losses_without_a_test_set_are_refused(tmp_path: Path) -> None:
    trainer = RunConfig().trainer()
    trainer.step()
    data = run_data(RunConfig(), trainer)
    data["losses"]["test"] = [0.5]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    assert "losses test must have 0 numbers (the settings hold no points out" in refused(path)


def test_numbers_are_read_as_floats_whichever_way_they_are_written(
    good: dict[str, Any], tmp_path: Path
) -> None:
    """A file edited by hand may say 10 for 10.0: that is the same number, so it loads."""
    data = json.loads(json.dumps(good))
    data["settings"]["learning_rate"] = 1
    data["network"][0][0]["weights"] = [1, -2]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    config, trainer = load_run(path)
    assert config.learning_rate == 1.0 and isinstance(config.learning_rate, float)
    assert trainer.network.layers[0][0].weights == [1.0, -2.0]
    assert all(isinstance(w, float) for w in trainer.network.layers[0][0].weights)


# -- sizes are checked before anything is built -------------------------------------------------


SIZES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    # A 15 KB file saying density 1000 once drew a million points (4 s, 364 MB) to refuse it.
    "grid density": (
        lambda data: data["settings"].update(dataset_name="grid", density=1000),
        "batches order must have 501000 positions (one per training point), the file has 20",
    ),
    "points": (
        lambda data: data["settings"].update(points=1_000_000),
        "batches order must have 500000 positions",
    ),
    "steps": (
        lambda data: data.update(steps=loss_history.MAX_STEPS),
        f"losses train must have {loss_history.MAX_STEPS} numbers (one per step), the file has 5",
    ),
    "timeline capacity": (
        lambda data: data.update(timeline={"capacity": 10**9, "spacing": 1, "checkpoints": []}),
        f"timeline capacity must be from 2 to {timeline_file.MAX_TIMELINE_CAPACITY}",
    ),
    "timeline length": (
        lambda data: data.update(timeline={"capacity": 2, "spacing": 1, "checkpoints": [{}] * 4}),
        "timeline checkpoints must be a list of 1 to 3",
    ),
    "epochs": (
        lambda data: data.update(epoch_losses={"epoch": [10**9], "train": [0.1], "test": [0.1]}),
        "epoch_losses epoch must be rising whole numbers from 1 to 1",
    ),
}


@pytest.mark.parametrize(("spoil", "reason"), SIZES.values(), ids=SIZES.keys())
def test_every_size_is_checked_before_anything_is_built(
    good: dict[str, Any],
    spoil: Callable[[dict[str, Any]], None],
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def built(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run was built (its points drawn) before its sizes were checked")

    monkeypatch.setattr(RunConfig, "trainer", built)
    monkeypatch.setattr(runfile, "held_losses", built)
    data = json.loads(json.dumps(good))
    spoil(data)
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    assert reason in refused(path)


@pytest.mark.parametrize(
    "config",
    [
        RunConfig(),
        RunConfig(density=7, train_ratio=30),
        RunConfig(dataset_name="xor", points=41, train_ratio=50),
        RunConfig(dataset_name="gauss", points=1, train_ratio=10),
        RunConfig(dataset_name="spiral", points=99, train_ratio=99),
    ],
)
def test_the_counts_worked_out_are_the_points_drawn(config: RunConfig) -> None:
    train, test = config.split()
    assert config.point_counts() == (len(train), len(test))
