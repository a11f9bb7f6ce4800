"""Saved runs: keep what you trained in one JSON file, and go on from it later, exactly.

A run file holds everything that decides what the next step does: every setting (`RunConfig`),
the weights and biases, the step count, the loss history, and where the mini-batches are (the
epoch, the position in it, the shuffled order and the shuffler's random state). The points
themselves are not in the file: the settings draw them again, the same points every time. So
after `load_run` the next step's loss is, to the last digit, the one the saved run would have
given had it never been saved.

Loading trusts nothing. The file is JSON, read strictly (no NaN or Infinity, no repeated keys,
at most MAX_FILE_BYTES), then every value is checked: its type, its range (the settings by the
very functions that check the command line, so a file holds nothing `scratchnet train` would
refuse) and its shape (as many weights as the settings' network has). A file that fails any
check raises `RunFileError` with a one-line reason. Nothing in the file is ever executed.

Saving is atomic: the file is written whole under a temporary name in the same folder, flushed
to the disk, then renamed over the old one. A save that fails or is interrupted leaves the
previous file as it was, and no half file. A run that diverged is not saved: its weights are
no longer numbers to go on from (its losses can still be exported, see `export.py`).

The format, version 1 (one JSON object; lists shortened here):

    {
      "format": "scratchnet run",
      "version": 1,
      "settings": {"hidden": [4], "learning_rate": 10.0, "seed": 0, ..., "batch_size": null},
      "steps": 2000,
      "network": [[{"weights": [-0.27, 0.41], "bias": 0.03}, ...], [{"weights": [...], ...}]],
      "batches": {"epoch": 2000, "position": 0, "order": [0, 1, ...],
                  "random_state": [3, [2147483648, ...], null]},
      "losses": {"train": [0.2918..., ...], "test": []}
    }

`settings` has one entry per `RunConfig` field, by the field's name. `network` has one list per
layer (the hidden layers, then the output layer), one object per neuron. `losses.train` has one
number per step; `losses.test` too when the settings hold points out for testing, else none.
`random_state` is `random.Random.getstate()` of the mini-batch shuffler, as a list.
"""

import argparse
import contextlib
import json
import math
import os
import uuid
from array import array
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from scratchnet import options
from scratchnet.config import RunConfig
from scratchnet.trainer import Trainer

FORMAT = "scratchnet run"
VERSION = 1
# Big enough for millions of steps of loss history; a bigger file is not one we wrote.
MAX_FILE_BYTES = 256 * 1024 * 1024

PathLike = str | os.PathLike[str]

# Each setting: what its JSON value must be, and the command-line check it must pass.
SETTINGS: dict[str, tuple[str, Callable[[str], object]]] = {
    "hidden": ("whole numbers", options.hidden),
    "learning_rate": ("number", options.learning_rate),
    "seed": ("whole number", options.seed),
    "density": ("whole number", options.density),
    "dataset_name": ("name", options.dataset),
    "points": ("whole number", options.points),
    "noise": ("number", options.noise),
    "data_seed": ("whole number", options.data_seed),
    "train_ratio": ("number", options.train_ratio),
    "features": ("names", options.features),
    "activation": ("name", options.activation),
    "regularisation": ("name", options.regularisation),
    "regularisation_rate": ("number", options.reg_rate),
    "batch_size": ("whole number or null", options.batch_size),
}

# The settings a trainer lets you change between steps: saved as the trainer has them now.
LIVE_SETTINGS = ("learning_rate", "regularisation", "regularisation_rate", "batch_size")

# The keys of the file's JSON object, in the order they are written.
TOP_LEVEL_KEYS = ("format", "version", "settings", "steps", "network", "batches", "losses")

# random.Random's state: version 3 of its format, 624 numbers of 32 bits and a position.
RANDOM_STATE_VERSION = 3
RANDOM_STATE_WORDS = 624


class RunFileError(ValueError):
    """A run (or its losses) that cannot be saved, loaded or written; the message says why.

    The message is always one line (any line breaks, say in a file name, become spaces).
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


# -- saving ------------------------------------------------------------------------------------


def save_run(path: PathLike, config: RunConfig, trainer: Trainer) -> None:
    """Save the run to `path` (see the module's docstring), atomically.

    `trainer` must have been made from `config` (by `config.trainer()` or `load_run`). The
    settings that can change between steps (learning rate, regularisation and its rate, batch
    size) are saved as the trainer has them now, since they are what the next step uses.
    Raises RunFileError for a run that diverged, a run too big for a file, or a failed write.
    """
    try:
        data = run_data(config, trainer)
        text = pretty_json(data)
        if len(text) > MAX_FILE_BYTES:
            raise RunFileError(
                f"the run would take {len(text) // 2**20} MB, more than a run file's "
                f"{MAX_FILE_BYTES // 2**20} MB"
            )
        write_atomically(path, text.encode("utf-8"))
    except RunFileError as error:
        raise RunFileError(f"cannot save {os.fspath(path)}: {error}") from None
    except OSError as error:
        reason = os_reason(error, writing=True)
        raise RunFileError(f"cannot save {os.fspath(path)}: {reason}") from error


def run_data(config: RunConfig, trainer: Trainer) -> dict[str, Any]:
    """The run as the JSON object a run file holds (RunFileError if it cannot be saved)."""
    if trainer.diverged:
        raise RunFileError(
            "the run diverged, so its weights are not numbers to go on from "
            "(its losses can still be exported as CSV)"
        )
    _check_made_from(config, trainer)
    config = replace(config, **{name: getattr(trainer, name) for name in LIVE_SETTINGS})
    settings = {field.name: _json_value(getattr(config, field.name)) for field in fields(RunConfig)}
    read_settings(settings)  # what we save we can load: the same checks, now, not later
    batches = trainer.batches
    version, words, gauss_next = batches.rng.getstate()
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings,
        "steps": trainer.steps,
        "network": [
            [{"weights": list(neuron.weights), "bias": neuron.bias} for neuron in layer]
            for layer in trainer.network.layers
        ],
        "batches": {
            "epoch": batches.epoch,
            "position": batches.position,
            "order": list(batches.order),
            "random_state": [version, list(words), gauss_next],
        },
        "losses": {"train": list(trainer.losses), "test": list(trainer.test_losses)},
    }


def _check_made_from(config: RunConfig, trainer: Trainer) -> None:
    """ValueError if the trainer's network or inputs are not the ones `config` makes.

    A mistake in the calling program, not in a file: such a pair would save a file that
    loads as some other run, or not at all.
    """
    network = trainer.network
    if (
        network.hidden_shapes != list(config.hidden)
        or network.seed != config.seed
        or network.activation != config.activation
        or trainer.features != config.features
    ):
        raise ValueError("the trainer was not made from these settings")


def _json_value(value: object) -> object:
    """A setting as JSON holds it: tuples become lists, everything else is already JSON."""
    return list(value) if isinstance(value, tuple) else value


def pretty_json(data: dict[str, Any], indent: str = "") -> str:
    """JSON with one entry of each object per line, and each list on a single line.

    Easy to read at a glance (every setting on its own line), yet compact, since the long
    lists of numbers (weights, losses) do not take a line per number. Refuses NaN and Infinity.
    """
    inner = indent + "  "
    entries = [
        f"{inner}{json.dumps(key)}: "
        + (pretty_json(value, inner) if isinstance(value, dict) else _compact(value))
        for key, value in data.items()
    ]
    return "{\n" + ",\n".join(entries) + "\n" + indent + "}" + ("" if indent else "\n")


def _compact(value: object) -> str:
    try:
        return json.dumps(value, allow_nan=False)
    except ValueError:
        raise RunFileError("the run holds numbers that are not finite (NaN or infinity)") from None


def write_atomically(path: PathLike, content: bytes) -> None:
    """Write `content` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a new temporary file in the same folder (a rename only replaces a file
    atomically within one file system), are flushed and fsynced to the disk, and only then is
    the temporary file renamed over `path`. On any failure or interruption the temporary file
    is removed and `path` is left untouched. Raises OSError when the writing fails.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(temporary, "xb") as file:  # "x": a new file, never someone else's
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Ask the disk to keep the rename too (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def check_writable(path: PathLike) -> None:
    """RunFileError unless `path` looks writable: an existing folder we may write in.

    For checking before a long run, so that a mistyped folder is reported at once rather
    than after training; the write itself can still fail (a full disk, say).
    """
    target = Path(path)
    folder = target.absolute().parent
    if target.is_dir():
        reason = "it is a folder"
    elif not folder.is_dir():
        reason = f"there is no folder {folder}"
    elif not os.access(folder, os.W_OK):
        reason = f"the folder {folder} is not writable"
    else:
        return
    raise RunFileError(f"cannot write {os.fspath(path)}: {reason}")


def os_reason(error: OSError, writing: bool = False) -> str:
    """An operating system error in a few words: 'no such file', 'permission denied'.

    When writing, a file that is not found is a folder that is not there.
    """
    if isinstance(error, FileNotFoundError):
        return "no such folder" if writing else "no such file"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or type(error).__name__).lower()


# -- loading -----------------------------------------------------------------------------------


def load_run(path: PathLike) -> tuple[RunConfig, Trainer]:
    """The run saved in `path`: its settings, and a trainer that goes on exactly where it was.

    Raises RunFileError, whose message is `cannot load PATH: reason` on one line, for a file
    that is missing, unreadable, too big, not JSON, of another format or version, or whose
    values are of the wrong type, out of range or of the wrong shape for its settings.
    """
    try:
        return run_from_data(read_json(path))
    except RunFileError as error:
        raise RunFileError(f"cannot load {os.fspath(path)}: {error}") from None


def read_json(path: PathLike) -> Any:
    """The JSON value in the file, read strictly (RunFileError if it is not good JSON)."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # no further: a huge file is refused unread
    except OSError as error:
        raise RunFileError(os_reason(error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise RunFileError(f"it is bigger than {MAX_FILE_BYTES // 2**20} MB, too big for a run")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RunFileError("it is not text (UTF-8), so not a run file") from None
    if not text.strip():
        raise RunFileError("it is empty")
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_object_without_repeats,
        )
    except RunFileError:
        raise
    except json.JSONDecodeError as error:
        raise RunFileError(
            f"it is not valid JSON ({error.msg} at line {error.lineno} column {error.colno}); "
            "is it cut short?"
        ) from None
    except RecursionError:
        raise RunFileError("its JSON is nested too deeply") from None
    except ValueError as error:  # e.g. a whole number of thousands of digits
        raise RunFileError(f"it holds a number Python cannot read ({error})") from None


def _refuse_constant(name: str) -> float:
    """Python's json reads NaN, Infinity and -Infinity; a run file may not hold them."""
    raise RunFileError(f"it holds {name}, which is not a finite number")


def _finite_float(text: str) -> float:
    """A number with a point or an exponent; 1e999 would be infinity, so it is refused."""
    value = float(text)
    if not math.isfinite(value):
        raise RunFileError(f"it holds {text}, too big to be a finite number")
    return value


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json would quietly keep the last one)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RunFileError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def run_from_data(data: Any) -> tuple[RunConfig, Trainer]:
    """The run a run file's JSON object describes (RunFileError at the first thing wrong).

    The weights are checked against the settings before anything is built, so a file cannot
    make us build a big network (or draw a big dataset) it does not hold the weights of.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RunFileError(f'it is not a scratchnet run (no "format": "{FORMAT}")')
    if "version" not in data:
        raise RunFileError("it has no format version")
    version = data["version"]
    if not _is_whole(version) or version != VERSION:
        raise RunFileError(
            f"it is in format version {_shown(version)}; this scratchnet reads version {VERSION}"
        )
    _keys(data, "the file", TOP_LEVEL_KEYS)
    config = read_settings(data["settings"])
    steps = _whole(data["steps"], "steps", 0)
    network = _read_network(data["network"], config)
    try:
        trainer = config.trainer()
    except ValueError as error:  # the checks above should leave nothing for this, but still
        raise RunFileError(f"its settings make no run: {error}") from None
    _restore_network(trainer, network)
    trainer.steps = steps
    _restore_batches(trainer, data["batches"], steps)
    _restore_losses(trainer, data["losses"], steps)
    return config, trainer


def read_settings(value: Any) -> RunConfig:
    """The settings object as a RunConfig, each value checked as the command line checks it."""
    names = [field.name for field in fields(RunConfig)]
    settings = _keys(value, "settings", names)
    return RunConfig(**{name: _setting(name, settings[name]) for name in names})


def _setting(name: str, value: Any) -> Any:
    """One setting: the right JSON type, then through its command-line option's check."""
    kind, check = SETTINGS[name]
    text = _option_text(kind, value)
    if text is None:
        raise RunFileError(f"setting {name} must be {_a(kind)}, got {_shown(value)}")
    try:
        checked = check(text)
    except argparse.ArgumentTypeError as error:
        raise RunFileError(f"setting {name}: {error}") from None
    return tuple(checked) if isinstance(checked, list) else checked


def _option_text(kind: str, value: Any) -> str | None:
    """The value as one would type it after its option (`8,8`, `full`); None if of wrong kind."""
    if kind == "number" and _is_number(value):
        return _number_text(value)
    if kind in ("whole number", "whole number or null") and _is_whole(value):
        return str(value)
    if kind == "whole number or null" and value is None:
        return "full"
    if kind == "name" and isinstance(value, str):
        return value
    if kind == "whole numbers" and isinstance(value, list) and all(map(_is_whole, value)):
        return ",".join(map(str, value))
    if kind == "names" and isinstance(value, list) and all(_is_name(item) for item in value):
        return ",".join(value)
    return None


def _number_text(value: int | float) -> str | None:
    """repr of the number as a float, which reads back exactly; None if too big for a float."""
    try:
        return repr(float(value))
    except OverflowError:
        return None


# A network's parameters as a file holds them: per layer, per neuron, (weights, bias).
Parameters = list[list[tuple[list[float], float]]]


def _read_network(value: Any, config: RunConfig) -> Parameters:
    """The saved weights and biases, checked to be the shape the settings' network has.

    Layer by layer (the hidden layers, then the output neuron): as many neurons as the layer
    has, each with one weight per input of the layer (per feature, for the first layer).
    """
    sizes = [*config.hidden, 1]
    inputs = [len(config.features), *config.hidden]
    saved_layers = _list(value, "network", len(sizes), "layers (the hidden ones and the output)")
    network: Parameters = []
    for depth, (saved_layer, size, count) in enumerate(zip(saved_layers, sizes, inputs), 1):
        saved_neurons = _list(saved_layer, f"network layer {depth}", size, "neurons")
        layer = []
        for number, saved in enumerate(saved_neurons, start=1):
            where = f"network layer {depth} neuron {number}"
            saved = _keys(saved, where, ("weights", "bias"))
            weights = _numbers(saved["weights"], f"{where} weights", count, "one per input")
            layer.append((weights, _number(saved["bias"], f"{where} bias")))
        network.append(layer)
    return network


def _restore_network(trainer: Trainer, network: Parameters) -> None:
    """Put the weights and biases into the trainer's network (in place: same lists)."""
    for layer, saved_layer in zip(trainer.network.layers, network):
        for neuron, (weights, bias) in zip(layer, saved_layer):
            neuron.weights[:] = weights
            neuron.bias = bias


def _restore_batches(trainer: Trainer, value: Any, steps: int) -> None:
    """Put the mini-batch position, order and shuffler back as they were."""
    batches = trainer.batches
    saved = _keys(value, "batches", ("epoch", "position", "order", "random_state"))
    batches.epoch = _whole(saved["epoch"], "batches epoch", 0, steps)
    batches.position = _whole(saved["position"], "batches position", 0, batches.count - 1)
    batches.order = _order(saved["order"], batches.count)
    batches.rng.setstate(_random_state(saved["random_state"]))


def _order(value: Any, count: int) -> list[int]:
    """The shuffled order: each of the `count` training points' positions exactly once."""
    order = _list(value, "batches order", count, "positions (one per training point)")
    if not all(map(_is_whole, order)) or sorted(order) != list(range(count)):
        raise RunFileError(f"batches order must hold each of 0 to {count - 1} exactly once")
    return order


def _random_state(value: Any) -> tuple[int, tuple[int, ...], float | None]:
    """`random.Random.getstate()` from its list form, checked so that setstate takes it."""
    where = "batches random_state"
    if not (isinstance(value, list) and len(value) == 3):
        raise RunFileError(f"{where} must be [version, numbers, null]")
    version, words, gauss_next = value
    if not _is_whole(version) or version != RANDOM_STATE_VERSION:
        raise RunFileError(f"{where} must be of version {RANDOM_STATE_VERSION}")
    words = _list(words, f"{where} numbers", RANDOM_STATE_WORDS + 1, "numbers")
    if not (
        all(_is_whole(word) and 0 <= word < 2**32 for word in words[:-1])
        and _is_whole(words[-1])
        and 0 <= words[-1] <= RANDOM_STATE_WORDS
    ):
        raise RunFileError(f"{where} numbers must be 32-bit whole numbers and a position")
    if gauss_next is not None:
        gauss_next = _number(gauss_next, f"{where} gauss_next")
    return RANDOM_STATE_VERSION, tuple(words), gauss_next


def _restore_losses(trainer: Trainer, value: Any, steps: int) -> None:
    """The loss history: a train loss per step, and a test loss per step with a test set."""
    saved = _keys(value, "losses", ("train", "test"))
    train = _numbers(saved["train"], "losses train", steps, "one per step")
    test_count = steps if trainer.test_set else 0
    why = "one per step" if trainer.test_set else "the settings hold no points out for testing"
    test = _numbers(saved["test"], "losses test", test_count, why)
    trainer.losses = array("d", train)
    trainer.test_losses = array("d", test)


# -- checking JSON values ----------------------------------------------------------------------


def _keys(value: Any, where: str, keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """An object with exactly these keys: a missing one or a stranger is refused."""
    if not isinstance(value, dict):
        raise RunFileError(f"{where} must be a JSON object, got {_shown(value)}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise RunFileError(f"{where} lacks {', '.join(missing)}")
    unknown = [key for key in value if key not in keys]
    if unknown:
        raise RunFileError(f"{where} has unknown {', '.join(map(repr, unknown))}")
    return value


def _list(value: Any, where: str, count: int, what: str) -> list[Any]:
    """A list of exactly `count` items, as the settings require."""
    if not isinstance(value, list):
        raise RunFileError(f"{where} must be a list, got {_shown(value)}")
    if len(value) != count:
        raise RunFileError(f"{where} must have {count} {what}, the file has {len(value)}")
    return value


def _numbers(value: Any, where: str, count: int, why: str = "") -> list[float]:
    """A list of exactly `count` finite numbers, as floats; `why` that many, for the message."""
    items = _list(value, where, count, f"numbers ({why})" if why else "numbers")
    if not all(map(_is_number, items)):
        raise RunFileError(f"{where} must hold numbers only")
    try:
        return [float(item) for item in items]
    except OverflowError:  # a whole number too big for a float
        raise RunFileError(f"{where} holds a number too big to be a float") from None


def _number(value: Any, where: str) -> float:
    if not _is_number(value):
        raise RunFileError(f"{where} must be a number, got {_shown(value)}")
    return _numbers([value], where, 1)[0]


def _whole(value: Any, where: str, low: int, high: int | None = None) -> int:
    """A whole number from `low` to `high` (no upper limit when None)."""
    if not _is_whole(value):
        raise RunFileError(f"{where} must be a whole number, got {_shown(value)}")
    if value < low or (high is not None and value > high):
        limits = f"{low} or more" if high is None else f"from {low} to {high}"
        raise RunFileError(f"{where} must be {limits}, got {value}")
    return int(value)


def _is_whole(value: Any) -> bool:
    """A JSON whole number (True and False are ints to Python, but not numbers to us)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_name(value: Any) -> bool:
    """A feature's name: text without a comma (a comma would read as two names)."""
    return isinstance(value, str) and "," not in value


def _a(kind: str) -> str:
    """'number' -> 'a number', 'names' -> 'a list of names'."""
    return f"a list of {kind}" if kind.endswith("s") else f"a {kind}"


def _shown(value: Any) -> str:
    """A JSON value, short, for a message: 8, "relu", null, a list of 3, an object."""
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."
