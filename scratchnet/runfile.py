"""Saved runs: keep what you trained in one JSON file, and go on from it later, exactly.

A run file holds everything that decides what the next step does: every setting (`RunConfig`),
the weights and biases, the step count, the loss history, and where the mini-batches are (the
epoch, the position in it, the shuffled order and the shuffler's random state). The points
themselves are not in the file: the settings draw them again, the same points every time. So
after `load_run` the next step's loss is, to the last digit, the one the saved run would have
given had it never been saved.

Loading trusts nothing. The file is JSON, read strictly (no NaN or Infinity, no repeated keys,
at most MAX_FILE_BYTES: see `run_json.py`), then every value is checked: its type, its range
(the settings by the very functions that check the command line, so a file holds nothing
`scratchnet train` would refuse) and its shape (as many weights as the settings' network has).
A file that fails any check raises `RunFileError` with a one-line reason. Nothing in the file
is ever executed, and nothing is built before every check has passed: the sizes the settings
make (the grid's density, the points, the layers) are worked out and compared with the lists
the file holds, so a small file cannot make us draw a million points or lay out a long history
to refuse it.

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

Long runs stay small: the loss history is kept whole up to 100,000 steps, and beyond that
every k-th step's loss and the last (k a power of 2, said as `losses.every`; see
`loss_history.py`). A run loaded from such a file goes on exactly all the same (the weights, the
batches and the next step's loss are exact); the steps the file skipped get the loss of the kept
step before them, so the curve draws as before. A run file holds at most MAX_STEPS steps.

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

A run saved from the app also keeps, last, its timeline: the checkpoints to look back at,
replay and go on from (see `timeline_file.py` for its part of the file). A file without a
timeline loads with a new one that starts at its present. `settings` may lack a setting that
came later (`Setting.newer`: the speed): it loads with the default.

This file is the run file's format as a whole: saving, loading, the settings, the network and
the batches. The pieces it is made of have a file each: `run_json.py` (strict JSON, written
readably, each value checked), `loss_history.py` and `timeline_file.py`.
"""

import re
from array import array
from dataclasses import replace
from typing import Any

from scratchnet import files
from scratchnet.batches import Shuffler
from scratchnet.config import RunConfig
from scratchnet.files import FileKind, PathLike, os_reason, write_atomically
from scratchnet.kinds import is_whole
from scratchnet.loss_history import (
    MAX_STEPS,
    epoch_history,
    held_losses,
    loss_history,
    read_epoch_losses,
    read_losses,
)
from scratchnet.run_json import (
    RunFileError,
    at_most,
    checked_list,
    checked_number,
    checked_numbers,
    checked_object,
    checked_whole,
    json_pieces,
    read_json,
)
from scratchnet.settings import LIVE, SETTINGS
from scratchnet.shown import json_shown, shown_path
from scratchnet.timeline import Timeline
from scratchnet.timeline_file import read_order, read_random_state, read_timeline, timeline_data
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

# Datasets renamed since files were first saved: an old name reads as the new one.
RENAMED_DATASETS = {"circle": "grid"}  # the tutorial's grid, not the Playground's circle

# The keys of the file's JSON object, in the order they are written.
TOP_LEVEL_KEYS = ("format", "version", "settings", "steps", "network", "batches", "losses")
# Keys a file may lack: the epochs' full-set losses came later in version 2 (and only a run
# that trained in mini-batches has them).
OPTIONAL_KEYS = ("epoch_losses", "timeline")


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
        pieces = at_most(json_pieces(data))
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
        "losses": loss_history(trainer),
    } | epoch_history(trainer)
    return data | timeline_data(trainer, timeline)


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
    checked_object(data, "the file", TOP_LEVEL_KEYS, optional=OPTIONAL_KEYS)
    config = read_settings(data["settings"])
    steps = checked_whole(data["steps"], "steps", 0, MAX_STEPS)
    network = _read_network(data["network"], config)
    count, tested = config.point_counts()  # the training and test points, none drawn yet
    epoch, position, shuffler = _read_batches(data["batches"], steps, count)
    train, test, every = read_losses(data["losses"], steps, version, tested > 0)
    epochs = None
    if "epoch_losses" in data:
        epochs = read_epoch_losses(data["epoch_losses"], epoch, tested > 0)
    parameters = array("d", [x for layer in network for w, b in layer for x in (*w, b)])
    timeline = None
    if "timeline" in data:
        timeline = read_timeline(data["timeline"], count, len(parameters))
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
    settings = checked_object(value, "settings", required, optional=newer)
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
    saved_layers = checked_list(
        value, "network", len(sizes), "layers (the hidden ones and the output)"
    )
    network: Parameters = []
    for depth, (saved_layer, size, count) in enumerate(zip(saved_layers, sizes, inputs), 1):
        saved_neurons = checked_list(saved_layer, f"network layer {depth}", size, "neurons")
        layer = []
        for number, saved in enumerate(saved_neurons, start=1):
            where = f"network layer {depth} neuron {number}"
            saved = checked_object(saved, where, ("weights", "bias"))
            weights = checked_numbers(saved["weights"], f"{where} weights", count, "one per input")
            layer.append((weights, checked_number(saved["bias"], f"{where} bias")))
        network.append(layer)
    return network


def _read_batches(value: Any, steps: int, count: int) -> tuple[int, int, Shuffler]:
    """The mini-batch epoch, position in it, and shuffler (order and random state)."""
    saved = checked_object(value, "batches", ("epoch", "position", "order", "random_state"))
    epoch = checked_whole(saved["epoch"], "batches epoch", 0, steps)
    position = checked_whole(saved["position"], "batches position", 0, count - 1)
    order = read_order(saved["order"], count)
    return epoch, position, Shuffler(tuple(order), read_random_state(saved["random_state"]))
