"""A saved Playground run: its URL, where it is, and its past, in one JSON file.

The URL makes the run's points, their order and its starting network again, the same every time
(see state.py), so the file keeps it, and with it what the URL cannot say: where the run is
(see checkpoint.py: the weights and biases, the gradients carried over to the next epoch's first
batch, the dead links), its losses, and its timeline. Loaded, the run goes on exactly: its next
epochs are, to the last digit, the ones it would have trained had it never been saved. And its
URL still opens it at playground.tensorflow.org.

    {
      "format": "scratchnet playground run",
      "version": 1,
      "url": "https://playground.tensorflow.org/#activation=tanh&...&seed=0.80007&...",
      "present": {"epoch": 120, "parameters": [...], "gradients": [], "count": 0, "dead": [3]},
      "losses": {"every": 1, "train": [0.51..., ...], "test": [0.52..., ...]},
      "timeline": {"capacity": 2048, "spacing": 1, "checkpoints": [{"epoch": 0, ...}, ...]}
    }

`parameters` are every weight and bias, layer by layer (the hidden layers, then the output),
neuron by neuron, its weights (one per input) then its bias; `gradients` the sums carried over,
in the same order, or none when `count` is 0; `dead` the positions in `parameters` of the links
L1 froze. The losses are the whole sets' after each epoch, from epoch 0 (kept as the tutorial's
run file keeps its losses: all of them, or every k-th and the last for a long run, `every`
saying k). Each timeline checkpoint is a `present` of its own; the newest is the present.

Loading trusts nothing, as for the tutorial's run files (`scratchnet/runfile.py`, whose reading
and writing this shares): strict JSON, every value checked, RunFileError with one line.
"""

from array import array
from typing import Any

from scratchnet.files import PathLike, os_reason, write_atomically
from scratchnet.loss_history import MAX_STEPS, held_losses, kept_count, kept_losses, loss_stride
from scratchnet.playground.checkpoint import PlaygroundCheckpoint
from scratchnet.playground.run import PlaygroundRun
from scratchnet.playground.state import PlaygroundState, has_seed
from scratchnet.run_json import (
    RunFileError,
    at_most,
    checked_numbers,
    checked_object,
    checked_whole,
    json_pieces,
)
from scratchnet.runfile import RUN_FILE
from scratchnet.shown import json_shown, shown_path
from scratchnet.timeline import WholeStates
from scratchnet.timeline_file import MAX_TIMELINE_CAPACITY

FORMAT = "scratchnet playground run"
VERSION = 1
TOP_LEVEL_KEYS = ("format", "version", "url", "present", "losses")
OPTIONAL_KEYS = ("timeline",)
CHECKPOINT_KEYS = ("epoch", "parameters", "gradients", "count", "dead")


def is_playground_data(data: Any) -> bool:
    """Does this JSON value say it is a saved Playground run (whatever else is in it)?"""
    return isinstance(data, dict) and data.get("format") == FORMAT


# -- saving ------------------------------------------------------------------------------------


def save_playground_run(
    path: PathLike,
    run: PlaygroundRun,
    timeline: WholeStates | None,
    replace_foreign: bool = False,
) -> None:
    """Save the run (and its timeline) to `path`, atomically, as `save_run` saves the
    tutorial's: only a new file or a scratchnet run is replaced, unless `replace_foreign`.

    Raises RunFileError, one line, for a run whose numbers are not finite (it blew up: there is
    nothing to go on from), a file that is not ours, or a write that fails.
    """
    try:
        data = playground_run_data(run, timeline)
        pieces = at_most(json_pieces(data))
        write_atomically(path, pieces, RUN_FILE, replace_foreign)
    except RunFileError as error:
        raise RunFileError(f"cannot save {shown_path(path)}: {error}") from None
    except OSError as error:
        reason = os_reason(error, writing=True)
        raise RunFileError(f"cannot save {shown_path(path)}: {reason}") from error


def playground_run_data(run: PlaygroundRun, timeline: WholeStates | None) -> dict[str, Any]:
    """The run as the JSON object its file holds (RunFileError if it cannot be saved)."""
    if run.epoch > MAX_STEPS:
        raise RunFileError(f"the run has {run.epoch} epochs, more than a run file's {MAX_STEPS}")
    present = run.checkpoint()
    every = loss_stride(len(run.train_losses))
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "url": run.state.url(),
        "present": _checkpoint_data(present),
        "losses": {
            "every": every,
            "train": kept_losses(run.train_losses, every),
            "test": kept_losses(run.test_losses, every),
        },
    }
    if timeline is not None:  # its newest checkpoint is the present, as it is now
        states = [state for state in timeline.saved() if state.steps < present.steps]
        data["timeline"] = {
            "capacity": timeline.capacity,
            "spacing": timeline.spacing,
            "checkpoints": [*map(_checkpoint_data, states), data["present"]],
        }
    return data


def _checkpoint_data(checkpoint: PlaygroundCheckpoint) -> dict[str, Any]:
    return {
        "epoch": checkpoint.steps,
        "parameters": checkpoint.parameters.tolist(),
        "gradients": checkpoint.gradients.tolist(),
        "count": checkpoint.count,
        "dead": list(checkpoint.dead),
    }


# -- loading -----------------------------------------------------------------------------------


def playground_run_from_data(data: Any) -> tuple[PlaygroundRun, WholeStates | None]:
    """The run a file's JSON object describes, where it was, and its timeline (None if the file
    keeps none). RunFileError, one line, at the first thing wrong."""
    if not is_playground_data(data):
        raise RunFileError(f'it is not a saved Playground run (no "format": "{FORMAT}")')
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise RunFileError(
            f"it is a Playground run in format version {json_shown(version)}; "
            f"this scratchnet reads version {VERSION}"
        )
    checked_object(data, "the file", TOP_LEVEL_KEYS, optional=OPTIONAL_KEYS)
    run = PlaygroundRun(_read_state(data["url"]))
    count = len(run.network.parameters())
    present = _read_checkpoint(data["present"], "present", count, MAX_STEPS)
    losses = _read_losses(data["losses"], present.steps)
    try:
        run.restore(present, losses=losses)
    except ValueError as error:
        raise RunFileError(f"present: {error}") from None
    timeline = None
    if "timeline" in data:
        timeline = _read_timeline(data["timeline"], count, present)
    return run, timeline


def _read_state(value: Any) -> PlaygroundState:
    """The URL, read as the command line reads one; it must name its seed (else the run's
    points would be new ones, not the saved run's)."""
    if not isinstance(value, str):
        raise RunFileError(f"url must be a Playground URL, as text, got {json_shown(value)}")
    if not has_seed(value):
        raise RunFileError("url has no seed, so it does not say which points the run had")
    try:
        return PlaygroundState.from_url(value)
    except ValueError as error:
        raise RunFileError(f"url: {error}") from None


def _read_checkpoint(value: Any, where: str, count: int, most: int) -> PlaygroundCheckpoint:
    """One checkpoint (the present, or one of the timeline's), checked against the network."""
    saved = checked_object(value, where, CHECKPOINT_KEYS)
    epoch = checked_whole(saved["epoch"], f"{where} epoch", 0, most)
    parameters = checked_numbers(
        saved["parameters"], f"{where} parameters", count, "weights and biases"
    )
    samples = checked_whole(saved["count"], f"{where} count", 0, MAX_STEPS)
    waiting = count if samples else 0
    why = "one per weight and bias" if samples else "none, since count is 0"
    gradients = checked_numbers(saved["gradients"], f"{where} gradients", waiting, why)
    dead = saved["dead"]
    if not isinstance(dead, list) or not all(
        type(position) is int and 0 <= position < count for position in dead
    ):
        raise RunFileError(f"{where} dead must be a list of positions in parameters")
    if len(set(dead)) != len(dead) or dead != sorted(dead):
        raise RunFileError(f"{where} dead must list each position once, rising")
    return PlaygroundCheckpoint(
        epoch, array("d", parameters), array("d", gradients), samples, tuple(dead)
    )


def _read_losses(value: Any, epochs: int) -> list[tuple[float, float]]:
    """(train, test) after each epoch, from epoch 0 to the run's."""
    saved = checked_object(value, "losses", ("every", "train", "test"))
    count = epochs + 1
    every = checked_whole(saved["every"], "losses every", 1, count)
    if every & (every - 1):
        raise RunFileError(f"losses every must be a power of 2, got {every}")
    kept = kept_count(count, every)
    why = "one per epoch from 0" if every == 1 else f"one per {every} epochs and the last"
    train = held_losses(checked_numbers(saved["train"], "losses train", kept, why), count, every)
    test = held_losses(checked_numbers(saved["test"], "losses test", kept, why), count, every)
    return list(zip(train, test))


def _read_timeline(value: Any, count: int, present: PlaygroundCheckpoint) -> WholeStates:
    saved = checked_object(value, "timeline", ("capacity", "spacing", "checkpoints"))
    capacity = checked_whole(saved["capacity"], "timeline capacity", 2, MAX_TIMELINE_CAPACITY)
    if capacity % 2:
        raise RunFileError(f"timeline capacity must be even, got {capacity}")
    spacing = checked_whole(saved["spacing"], "timeline spacing", 1, MAX_STEPS)
    listed = saved["checkpoints"]
    if not isinstance(listed, list) or not 1 <= len(listed) <= capacity + 1:
        raise RunFileError(f"timeline checkpoints must be a list of 1 to {capacity + 1}")
    states = [
        _read_checkpoint(item, f"timeline checkpoint {number}", count, present.steps)
        for number, item in enumerate(listed, start=1)
    ]
    if states[-1] != present:
        raise RunFileError("its timeline does not end where the run is")
    try:
        return WholeStates.from_states(states, capacity, spacing)
    except ValueError as error:
        raise RunFileError(f"timeline: {error}") from None
