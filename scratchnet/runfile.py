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
check raises `RunFileError` with a one-line reason. Nothing in the file is ever executed, and
nothing is built before every check has passed: the sizes the settings make (the grid's
density, the points, the layers) are worked out and compared with the lists the file holds,
so a small file cannot make us draw a million points or lay out a long history to refuse it.

Saving is atomic: the file is written whole under a temporary name in the same folder, flushed
to the disk, then renamed over the old one. A save that fails or is interrupted leaves the
previous file as it was, and no half file; a save killed outright leaves its temporary file,
which the next save to the same file removes. Only a run file is replaced (`RUN_FILE`: one
that starts with the format marker, as every file this module writes does), keeping its
permissions; any other file is refused unless a person said yes (`replace_foreign`). A symlink
is written through (the file it points at gets the run), and a device, FIFO, socket or folder
is refused, never replaced; a FIFO or device is never opened to read either (see `files.py`).
A run that diverged is not saved: its weights are no longer numbers to go on from (its losses
can still be exported, see `export.py`).

Long runs stay small: the loss history is kept whole up to MAX_LOSS_POINTS (100,000) steps.
Beyond that the file keeps the loss of every k-th step (steps 1, 1 + k, 1 + 2k, ...) and of the
last step, k being the smallest power of 2 that keeps each curve to at most 100,000 numbers
(about 2 MB), and says k as `losses.every`. A run loaded from such a file goes on exactly all
the same (the weights, the batches and the next step's loss are exact); the steps the file
skipped get the loss of the kept step before them, so the curve draws as before (and a CSV
export of it repeats those held values). A run file holds at most MAX_STEPS steps, so that a
small file cannot make a huge history.

The format, version 2 (one JSON object; lists shortened here):

    {
      "format": "scratchnet run",
      "version": 2,
      "settings": {"hidden": [4], "learning_rate": 10.0, "seed": 0, ..., "batch_size": null},
      "steps": 2000,
      "network": [[{"weights": [-0.27, 0.41], "bias": 0.03}, ...], [{"weights": [...], ...}]],
      "batches": {"epoch": 2000, "position": 0, "order": [0, 1, ...],
                  "random_state": [3, [2147483648, ...], null]},
      "losses": {"every": 1, "train": [0.2918..., ...], "test": []}
    }

`settings` has one entry per `RunConfig` field, by the field's name. `network` has one list per
layer (the hidden layers, then the output layer), one object per neuron. `losses.train` has one
number per kept step (every step when `every` is 1); `losses.test` too when the settings hold
points out for testing, else none. `random_state` is `random.Random.getstate()` of the
mini-batch shuffler, as a list. Version 1 is the same without `losses.every` (every step kept);
it still loads.

A run trained in mini-batches also keeps, after `losses`, the losses over the whole training
and test sets after each epoch: `"epoch_losses": {"epoch": [12, 24, ...], "train": [...],
"test": [...]}` (see `Trainer.epoch_losses`; every k-th epoch and the last when there are more
than 100,000). A file without it (older, or trained in full batch) loads with none. A file
whose dataset is `circle`, the grid's old name, loads as `grid`.

A run saved from the app also keeps, last, its timeline (see `timeline.py`): the checkpoints to
look back at, replay and go on from, as `"timeline": {"capacity": 2048, "spacing": 1,
"checkpoints": [{"steps": 0, "epoch": 0, "position": 0, "shuffles": 0, "parameters": [...],
"shuffler": {"order": [...], "random_state": [...]}}, ...]}`: each checkpoint's weights and
biases as `Network.parameters` lists them, and where its mini-batches were; every 16th, from
the first, keeps its shuffler. The newest checkpoint is the run's present. A file without a
timeline loads with a new one that starts at its present. `settings` may lack a setting that
came later (`Setting.newer`: the speed): it loads with the default.
"""

import json
import math
import re
from array import array
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from scratchnet import files
from scratchnet.batches import Shuffler
from scratchnet.config import RunConfig
from scratchnet.files import FileKind, PathLike, os_reason, read_regular_file, write_atomically
from scratchnet.kinds import is_number, is_whole
from scratchnet.settings import LIVE, SETTINGS
from scratchnet.shown import json_shown, shown, shown_path
from scratchnet.timeline import SHUFFLER_EVERY, SavedCheckpoint, Timeline
from scratchnet.trainer import Trainer
from scratchnet.trainer_state import TrainerState

FORMAT = "scratchnet run"
VERSION = 2
# A run file, told by its first bytes: the format marker, the first key every run file has; a
# saved Playground run is one too ("scratchnet playground run", see playground/runfile.py).
RUN_FILE = FileKind(
    "a scratchnet run",
    re.compile(rb'\s*\{\s*"format"\s*:\s*"scratchnet (playground )?run"'),
)
# The versions this scratchnet reads: 1 kept every step's loss, 2 says which (`every`).
VERSIONS = (1, 2)
# Big enough for about 12 million weights (some 22 bytes each as text); a bigger file is not one
# we wrote, and a bigger network is refused while its file is being written.
MAX_FILE_BYTES = 256 * 1024 * 1024
# The most losses a file keeps per curve; a longer history is downsampled (see above).
MAX_LOSS_POINTS = 100_000
# The most steps a run file may hold: a loaded run has one loss per step in memory (8 bytes
# each, per curve), so a small file must not claim billions of them. At the tutorial network's
# 1,500 steps a second, that is some 19 hours of training.
MAX_STEPS = 100_000_000

# Datasets renamed since files were first saved: an old name reads as the new one.
RENAMED_DATASETS = {"circle": "grid"}  # the tutorial's grid, not the Playground's circle

# The keys of the file's JSON object, in the order they are written.
TOP_LEVEL_KEYS = ("format", "version", "settings", "steps", "network", "batches", "losses")
# Keys a file may lack: the epochs' full-set losses came later in version 2 (and only a run
# that trained in mini-batches has them).
OPTIONAL_KEYS = ("epoch_losses", "timeline")
# The most checkpoints a timeline in a file may say it holds (the app keeps at most 2048).
MAX_TIMELINE_CAPACITY = 65_536

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


def save_run(
    path: PathLike,
    config: RunConfig,
    trainer: Trainer,
    timeline: Timeline | None = None,
    replace_foreign: bool = False,
) -> None:
    """Save the run to `path` (see the module's docstring), atomically.

    `trainer` must have been made from `config` (by `config.trainer()` or `load_run`). The
    settings that can change between steps (learning rate, regularisation and its rate, batch
    size) are saved as the trainer has them now, since they are what the next step uses.
    Raises RunFileError for a run that diverged, a run too big for a file, or a failed write.
    The text is written piece by piece as it is made, never held whole. `timeline`: the run's
    checkpoints, saved too; it gets one of the present first, so that it ends where the run is.
    A file at `path` that is not a run file is refused (RunFileError) unless `replace_foreign`:
    a person was asked, and said yes.
    """
    try:
        data = run_data(config, trainer, timeline)
        pieces = _at_most(MAX_FILE_BYTES, json_pieces(data))
        write_atomically(path, pieces, RUN_FILE, replace_foreign)
    except RunFileError as error:
        raise RunFileError(f"cannot save {shown_path(path)}: {error}") from None
    except OSError as error:
        reason = os_reason(error, writing=True)
        raise RunFileError(f"cannot save {shown_path(path)}: {reason}") from error


def run_data(
    config: RunConfig, trainer: Trainer, timeline: Timeline | None = None
) -> dict[str, Any]:
    """The run as the JSON object a run file holds (RunFileError if it cannot be saved)."""
    if trainer.diverged:
        raise RunFileError(
            "the run diverged, so its weights are not numbers to go on from "
            "(its losses can still be exported as CSV)"
        )
    _check_made_from(config, trainer)
    try:  # the live settings as the trainer has them now: what the next step uses
        config = replace(config, **{name: getattr(trainer, name) for name in LIVE})
    except ValueError as error:  # set on the trainer to something no run may have
        raise RunFileError(str(error)) from None
    settings = {s.name: s.to_json(getattr(config, s.name)) for s in SETTINGS}
    batches = trainer.batches
    version, words, gauss_next = batches.rng.getstate()
    data = {
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
        "losses": _loss_history(trainer),
    } | _epoch_history(trainer)
    return data | _timeline_data(trainer, timeline)


def _timeline_data(trainer: Trainer, timeline: Timeline | None) -> dict[str, Any]:
    """The timeline's checkpoints, the run's present last (see the module's docstring)."""
    if timeline is None:
        return {}
    timeline.record_latest(trainer)
    checkpoints = []
    for saved in timeline.saved():
        checkpoint: dict[str, Any] = {
            "steps": saved.steps,
            "epoch": saved.epoch,
            "position": saved.position,
            "shuffles": saved.shuffles,
            "parameters": saved.parameters.tolist(),
        }
        if saved.shuffler is not None:
            version, words, gauss_next = saved.shuffler.random_state
            checkpoint["shuffler"] = {
                "order": list(saved.shuffler.order),
                "random_state": [version, list(words), gauss_next],
            }
        checkpoints.append(checkpoint)
    return {
        "timeline": {
            "capacity": timeline.capacity,
            "spacing": timeline.spacing,
            "checkpoints": checkpoints,
        }
    }


def _epoch_history(trainer: Trainer) -> dict[str, Any]:
    """The full-set losses after each epoch of mini-batches, if any (every k-th, the last)."""
    if not trainer.epoch_numbers:
        return {}
    every = loss_stride(len(trainer.epoch_numbers))
    return {
        "epoch_losses": {
            "epoch": kept_losses(trainer.epoch_numbers, every),  # type: ignore[arg-type]
            "train": kept_losses(trainer.epoch_losses, every),
            "test": kept_losses(trainer.epoch_test_losses, every),
        }
    }


def _loss_history(trainer: Trainer) -> dict[str, Any]:
    """The losses as the file keeps them: all, or every k-th and the last (see above)."""
    steps = len(trainer.losses)
    if steps > MAX_STEPS:
        raise RunFileError(f"the run has {steps} steps, more than a run file's {MAX_STEPS}")
    every = loss_stride(steps)
    return {
        "every": every,
        "train": kept_losses(trainer.losses, every),
        "test": kept_losses(trainer.test_losses, every),
    }


def loss_stride(steps: int) -> int:
    """k: the smallest power of 2 that keeps at most MAX_LOSS_POINTS of `steps` losses."""
    every = 1
    while kept_count(steps, every) > MAX_LOSS_POINTS:
        every *= 2
    return every


def kept_count(steps: int, every: int) -> int:
    """How many losses of `steps` steps a file keeps: every `every`-th from the first, the last."""
    if steps == 0:
        return 0
    return (steps - 1) // every + 1 + (1 if (steps - 1) % every else 0)


def kept_losses(losses: "array[float]", every: int) -> list[float]:
    """The losses of steps 1, 1 + every, 1 + 2 * every, ..., and of the last step."""
    kept = losses[::every].tolist()
    if losses and (len(losses) - 1) % every:
        kept.append(losses[-1])
    return kept


def held_losses(kept: list[float], steps: int, every: int) -> "array[float]":
    """One loss per step again: each step the file skipped gets the kept loss before it."""
    if every == 1:
        return array("d", kept)
    history = array("d")
    starts = range(0, steps, every)
    for start, loss in zip(starts, kept):
        history.extend(array("d", [loss]) * min(every, steps - start))
    if len(kept) > len(starts):  # the last step's own loss
        history[-1] = kept[-1]
    return history


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


def pretty_json(data: dict[str, Any]) -> str:
    """JSON with one entry of each object per line, and each list on a single line.

    Easy to read at a glance (every setting on its own line), yet compact, since the long
    lists of numbers (weights, losses) do not take a line per number. Refuses NaN and Infinity.
    """
    return "".join(json_pieces(data))


def json_pieces(data: dict[str, Any], indent: str = "") -> Iterator[str]:
    """`pretty_json(data)` in pieces, a neuron or a list of numbers at a time, to write as made."""
    inner = indent + "  "
    yield "{\n"
    for number, (key, value) in enumerate(data.items()):
        yield (",\n" if number else "") + f"{inner}{json.dumps(key)}: "
        if isinstance(value, dict):
            yield from json_pieces(value, inner)
        else:
            yield from _compact_pieces(value)
    yield "\n" + indent + "}" + ("" if indent else "\n")


def _compact_pieces(value: object) -> Iterator[str]:
    """json.dumps(value) in pieces: the items of a list of lists or objects one by one.

    A list's first item says which kind it is (a list of numbers is written in one piece:
    looking at each of millions of weights would take longer than writing them).
    """
    if isinstance(value, list) and value and isinstance(value[0], list | dict):
        yield "["
        for number, item in enumerate(value):
            if number:
                yield ", "
            yield from _compact_pieces(item)
        yield "]"
    elif isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield (", " if number else "") + f"{json.dumps(key)}: "
            yield from _compact_pieces(item)
        yield "}"
    else:
        yield _compact(value)


def _at_most(limit: int, pieces: Iterator[str]) -> Iterator[bytes]:
    """The pieces as bytes, or RunFileError once they add up to more than `limit` bytes."""
    total = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        total += len(data)
        if total > limit:
            raise RunFileError(f"the run would take more than a run file's {limit // 2**20} MB")
        yield data


def _compact(value: object) -> str:
    try:
        return json.dumps(value, allow_nan=False)
    except ValueError:
        raise RunFileError("the run holds numbers that are not finite (NaN or infinity)") from None


def check_writable(path: PathLike, kind: FileKind) -> None:
    """RunFileError unless a `kind` file may be written to `path` (see `files.check_writable`).

    For checking before a long run, so that a mistyped folder, a device, or a file that is not
    ours (notes.txt) is reported at once rather than after training; the write itself can still
    fail (a full disk, say).
    """
    refusal = files.check_writable(path, kind)
    if refusal is not None:
        raise RunFileError(f"cannot write {shown_path(path)}: {refusal.reason}")


# -- loading -----------------------------------------------------------------------------------


def load_run(path: PathLike) -> tuple[RunConfig, Trainer]:
    """The run saved in `path`: its settings, and a trainer that goes on exactly where it was.

    Raises RunFileError, whose message is `cannot load PATH: reason` on one line, for a file
    that is missing, unreadable, too big, not JSON, of another format or version, or whose
    values are of the wrong type, out of range or of the wrong shape for its settings.
    """
    config, trainer, _ = load_run_and_timeline(path)
    return config, trainer


def load_run_and_timeline(path: PathLike) -> tuple[RunConfig, Trainer, Timeline | None]:
    """`load_run`, and the run's timeline if the file keeps one (else None)."""
    try:
        return run_and_timeline_from_data(read_json(path))
    except RunFileError as error:
        raise RunFileError(f"cannot load {shown_path(path)}: {error}") from None


def read_json(path: PathLike) -> Any:
    """The JSON value in the file, read strictly (RunFileError if it is not good JSON).

    Only a regular file is read: a FIFO, device, socket or folder is refused without waiting.
    """
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)  # no further: a huge file is refused
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
        raise RunFileError(f"it holds {shown(text, quote=None)}, too big to be a finite number")
    return value


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json would quietly keep the last one)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RunFileError(f"the key {shown(key)} appears twice in one object")
        result[key] = value
    return result


def run_from_data(data: Any) -> tuple[RunConfig, Trainer]:
    """The run a run file's JSON object describes (RunFileError at the first thing wrong).

    Every size is checked before anything is built: the weights against the settings'
    network, and the mini-batch order, the losses and the timeline against the number of
    points the settings make (worked out, not drawn). So a small file cannot make us build a
    big network, or draw a big dataset, it does not hold the numbers of.
    """
    config, trainer, _ = run_and_timeline_from_data(data)
    return config, trainer


def run_and_timeline_from_data(data: Any) -> tuple[RunConfig, Trainer, Timeline | None]:
    """`run_from_data`, and the run's timeline if the object keeps one (else None)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RunFileError(f'it is not a scratchnet run (no "format": "{FORMAT}")')
    if "version" not in data:
        raise RunFileError("it has no format version")
    version = data["version"]
    if not is_whole(version) or version not in VERSIONS:
        raise RunFileError(
            f"it is in format version {json_shown(version)}; "
            f"this scratchnet reads versions {' and '.join(map(str, VERSIONS))}"
        )
    _keys(data, "the file", TOP_LEVEL_KEYS, optional=OPTIONAL_KEYS)
    config = read_settings(data["settings"])
    steps = _whole(data["steps"], "steps", 0, MAX_STEPS)
    network = _read_network(data["network"], config)
    count, tested = config.point_counts()  # the training and test points, none drawn yet
    epoch, position, shuffler = _read_batches(data["batches"], steps, count)
    train, test, every = _read_losses(data["losses"], steps, version, tested > 0)
    epochs = None
    if "epoch_losses" in data:
        epochs = _read_epoch_losses(data["epoch_losses"], epoch, tested > 0)
    parameters = array("d", [x for layer in network for w, b in layer for x in (*w, b)])
    timeline = None
    if "timeline" in data:
        timeline = _read_timeline(data["timeline"], count, len(parameters))
        present = timeline.saved()[-1]
        if (present.steps, present.epoch, present.position) != (steps, epoch, position) or (
            present.parameters != parameters
        ):
            raise RunFileError("its timeline does not end where the run is")
        shuffler = Shuffler(shuffler.order, shuffler.random_state, present.shuffles)
    # Every size is checked: now the run is built, its points drawn, its history laid out.
    try:
        trainer = config.trainer()
    except ValueError as error:  # the checks above should leave nothing for this, but still
        raise RunFileError(f"its settings make no run: {error}") from None
    state = TrainerState(steps, parameters, epoch, position, shuffler)
    try:
        trainer.restore(
            state,
            losses=held_losses(train, steps, every),
            test_losses=held_losses(test, steps if test else 0, every),
        )
    except ValueError as error:  # the checks above should leave nothing for this, but still
        raise RunFileError(str(error)) from None
    if epochs is not None:
        trainer.epoch_numbers, trainer.epoch_losses, trainer.epoch_test_losses = epochs
    return config, trainer, timeline


def read_settings(value: Any) -> RunConfig:
    """The settings object as a RunConfig, each value checked as the command line checks it."""
    required = [setting.name for setting in SETTINGS if not setting.newer]
    newer = tuple(setting.name for setting in SETTINGS if setting.newer)  # they load as default
    settings = _keys(value, "settings", required, optional=newer)
    dataset = settings["dataset_name"]
    if isinstance(dataset, str) and dataset in RENAMED_DATASETS:  # saved before the rename
        settings = {**settings, "dataset_name": RENAMED_DATASETS[dataset]}
    try:
        return RunConfig(
            **{s.name: s.from_json(settings[s.name]) for s in SETTINGS if s.name in settings}
        )
    except ValueError as error:
        raise RunFileError(str(error)) from None


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


def _read_batches(value: Any, steps: int, count: int) -> tuple[int, int, Shuffler]:
    """The mini-batch epoch, position in it, and shuffler (order and random state)."""
    saved = _keys(value, "batches", ("epoch", "position", "order", "random_state"))
    epoch = _whole(saved["epoch"], "batches epoch", 0, steps)
    position = _whole(saved["position"], "batches position", 0, count - 1)
    order = _order(saved["order"], count)
    return epoch, position, Shuffler(tuple(order), _random_state(saved["random_state"]))


def _order(value: Any, count: int, where: str = "batches order") -> list[int]:
    """The shuffled order: each of the `count` training points' positions exactly once."""
    order = _list(value, where, count, "positions (one per training point)")
    if not all(map(is_whole, order)) or sorted(order) != list(range(count)):
        raise RunFileError(f"{where} must hold each of 0 to {count - 1} exactly once")
    return order


def _read_timeline(value: Any, count: int, parameters: int) -> Timeline:
    """The timeline's checkpoints (see the module's docstring), each checked like the run."""
    saved = _keys(value, "timeline", ("capacity", "spacing", "checkpoints"))
    capacity = _whole(saved["capacity"], "timeline capacity", 2, MAX_TIMELINE_CAPACITY)
    spacing = _whole(saved["spacing"], "timeline spacing", 1, MAX_STEPS)
    listed = saved["checkpoints"]
    if not isinstance(listed, list) or not 1 <= len(listed) <= capacity + 1:
        raise RunFileError(f"timeline checkpoints must be a list of 1 to {capacity + 1}")
    checkpoints = [
        _read_checkpoint(item, number, count, parameters)
        for number, item in enumerate(listed, start=1)
    ]
    try:
        return Timeline.from_saved(checkpoints, capacity, spacing)
    except ValueError as error:
        raise RunFileError(f"timeline: {error}") from None


def _read_checkpoint(value: Any, number: int, count: int, parameters: int) -> SavedCheckpoint:
    where = f"timeline checkpoint {number}"
    keeps = (number - 1) % SHUFFLER_EVERY == 0
    keys = ("steps", "epoch", "position", "shuffles", "parameters")
    saved = _keys(value, where, (*keys, "shuffler") if keeps else keys)
    steps = _whole(saved["steps"], f"{where} steps", 0, MAX_STEPS)
    epoch = _whole(saved["epoch"], f"{where} epoch", 0, steps)
    shuffles = _whole(saved["shuffles"], f"{where} shuffles", 0, epoch + 1)  # one an epoch
    shuffler = None
    if keeps:
        kept = _keys(saved["shuffler"], f"{where} shuffler", ("order", "random_state"))
        order = _order(kept["order"], count, f"{where} shuffler order")
        state = _random_state(kept["random_state"], f"{where} shuffler random_state")
        shuffler = Shuffler(tuple(order), state, shuffles)
    return SavedCheckpoint(
        steps,
        epoch,
        _whole(saved["position"], f"{where} position", 0, count - 1),
        shuffles,
        array("d", _numbers(saved["parameters"], f"{where} parameters", parameters)),
        shuffler,
    )


def _random_state(
    value: Any, where: str = "batches random_state"
) -> tuple[int, tuple[int, ...], float | None]:
    """`random.Random.getstate()` from its list form, checked so that setstate takes it."""
    if not (isinstance(value, list) and len(value) == 3):
        raise RunFileError(f"{where} must be [version, numbers, null]")
    version, words, gauss_next = value
    if not is_whole(version) or version != RANDOM_STATE_VERSION:
        raise RunFileError(f"{where} must be of version {RANDOM_STATE_VERSION}")
    words = _list(words, f"{where} numbers", RANDOM_STATE_WORDS + 1, "numbers")
    if not (
        all(is_whole(word) and 0 <= word < 2**32 for word in words[:-1])
        and is_whole(words[-1])
        and 0 <= words[-1] <= RANDOM_STATE_WORDS
    ):
        raise RunFileError(f"{where} numbers must be 32-bit whole numbers and a position")
    if gauss_next is not None:
        gauss_next = _number(gauss_next, f"{where} gauss_next")
    return RANDOM_STATE_VERSION, tuple(words), gauss_next


def _read_losses(
    value: Any, steps: int, version: int, tested: bool
) -> tuple[list[float], list[float], int]:
    """The loss history as the file keeps it: the train losses, the test losses (with a test
    set, `tested`; else none), and `every`, which steps they are of.

    Version 1 keeps every step; version 2 says which in `every` (a power of 2, see above); the
    steps it skipped get the kept loss before them (`held_losses`, once everything is checked).
    """
    if version == 1:
        saved, every = _keys(value, "losses", ("train", "test")), 1
    else:
        saved = _keys(value, "losses", ("every", "train", "test"))
        every = _whole(saved["every"], "losses every", 1, max(steps, 1))
        if every & (every - 1):
            raise RunFileError(f"losses every must be a power of 2, got {every}")
    count = kept_count(steps, every)
    kept = "one per step" if every == 1 else f"one per {every} steps and the last"
    train = _numbers(saved["train"], "losses train", count, kept)
    why = kept if tested else "the settings hold no points out for testing"
    test = _numbers(saved["test"], "losses test", count if tested else 0, why)
    return train, test, every


def _read_epoch_losses(
    value: Any, last: int, tested: bool
) -> tuple["array[int]", "array[float]", "array[float]"]:
    """The full-set losses after the epochs `epoch` (rising, none past the run's epoch `last`),
    as the trainer keeps them: epoch numbers, train losses, test losses (with a test set)."""
    saved = _keys(value, "epoch_losses", ("epoch", "train", "test"))
    epochs = saved["epoch"]
    if not isinstance(epochs, list):
        raise RunFileError(f"epoch_losses epoch must be a list, got {json_shown(epochs)}")
    if not all(map(is_whole, epochs)) or any(
        not 1 <= epoch <= last or (i and epoch <= epochs[i - 1]) for i, epoch in enumerate(epochs)
    ):
        raise RunFileError(f"epoch_losses epoch must be rising whole numbers from 1 to {last}")
    count = len(epochs)
    train = _numbers(saved["train"], "epoch_losses train", count, "one per epoch listed")
    why = "one per epoch listed" if tested else "the run has no test set"
    test = _numbers(saved["test"], "epoch_losses test", count if tested else 0, why)
    return array("q", epochs), array("d", train), array("d", test)


# -- checking JSON values ----------------------------------------------------------------------


def _keys(
    value: Any, where: str, keys: tuple[str, ...] | list[str], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """An object with exactly these keys (and perhaps the `optional` ones): a missing one or a
    stranger is refused."""
    if not isinstance(value, dict):
        raise RunFileError(f"{where} must be a JSON object, got {json_shown(value)}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise RunFileError(f"{where} lacks {', '.join(missing)}")
    unknown = [key for key in value if key not in keys and key not in optional]
    if unknown:
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        raise RunFileError(f"{where} has unknown {', '.join(map(shown, unknown[:3]))}{more}")
    return value


def _list(value: Any, where: str, count: int, what: str) -> list[Any]:
    """A list of exactly `count` items, as the settings require."""
    if not isinstance(value, list):
        raise RunFileError(f"{where} must be a list, got {json_shown(value)}")
    if len(value) != count:
        raise RunFileError(f"{where} must have {count} {what}, the file has {len(value)}")
    return value


def _numbers(value: Any, where: str, count: int, why: str = "") -> list[float]:
    """A list of exactly `count` finite numbers, as floats; `why` that many, for the message."""
    items = _list(value, where, count, f"numbers ({why})" if why else "numbers")
    if not all(map(is_number, items)):
        raise RunFileError(f"{where} must hold numbers only")
    try:
        return [float(item) for item in items]
    except OverflowError:  # a whole number too big for a float
        raise RunFileError(f"{where} holds a number too big to be a float") from None


def _number(value: Any, where: str) -> float:
    if not is_number(value):
        raise RunFileError(f"{where} must be a number, got {json_shown(value)}")
    return _numbers([value], where, 1)[0]


def _whole(value: Any, where: str, low: int, high: int | None = None) -> int:
    """A whole number from `low` to `high` (no upper limit when None)."""
    if not is_whole(value):
        raise RunFileError(f"{where} must be a whole number, got {json_shown(value)}")
    if value < low or (high is not None and value > high):
        limits = f"{low} or more" if high is None else f"from {low} to {high}"
        raise RunFileError(f"{where} must be {limits}, got {shown(value)}")
    return int(value)
