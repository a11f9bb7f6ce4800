"""The timeline in a run file: its checkpoints, and the mini-batch shufflers they keep.

A run saved from the app keeps, last, its timeline (see `timeline.py`): the checkpoints to look
back at, replay and go on from, as `"timeline": {"capacity": 2048, "spacing": 1, "checkpoints":
[{"steps": 0, "epoch": 0, "position": 0, "shuffles": 0, "parameters": [...], "shuffler":
{"order": [...], "random_state": [...]}}, ...]}`: each checkpoint's weights and biases as
`Network.parameters` lists them, and where its mini-batches were; every 16th, from the first,
keeps its shuffler. The newest checkpoint is the run's present. Each is checked as the run is
(runfile.py): its numbers, its sizes against the settings' network and points.

A shuffler is read here too, the run's own (`batches`, runfile.py) as the timeline's: its order
(each training point's position once) and `random.Random.getstate()` as a list.
"""

from array import array
from typing import Any

from scratchnet.batches import Shuffler
from scratchnet.kinds import is_whole
from scratchnet.loss_history import MAX_STEPS
from scratchnet.run_json import (
    RunFileError,
    checked_list,
    checked_number,
    checked_numbers,
    checked_object,
    checked_whole,
)
from scratchnet.timeline import SHUFFLER_EVERY, SavedCheckpoint, Timeline
from scratchnet.trainer import Trainer

# The most checkpoints a timeline in a file may say it holds (the app keeps at most 2048).
MAX_TIMELINE_CAPACITY = 65_536

# random.Random's state: version 3 of its format, 624 numbers of 32 bits and a position.
RANDOM_STATE_VERSION = 3
RANDOM_STATE_WORDS = 624


def timeline_data(trainer: Trainer, timeline: Timeline | None) -> dict[str, Any]:
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


def read_timeline(value: Any, count: int, parameters: int) -> Timeline:
    """The timeline's checkpoints (see the module's docstring), each checked like the run."""
    saved = checked_object(value, "timeline", ("capacity", "spacing", "checkpoints"))
    capacity = checked_whole(saved["capacity"], "timeline capacity", 2, MAX_TIMELINE_CAPACITY)
    spacing = checked_whole(saved["spacing"], "timeline spacing", 1, MAX_STEPS)
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
    saved = checked_object(value, where, (*keys, "shuffler") if keeps else keys)
    steps = checked_whole(saved["steps"], f"{where} steps", 0, MAX_STEPS)
    epoch = checked_whole(saved["epoch"], f"{where} epoch", 0, steps)
    shuffles = checked_whole(saved["shuffles"], f"{where} shuffles", 0, epoch + 1)  # one an epoch
    shuffler = None
    if keeps:
        kept = checked_object(saved["shuffler"], f"{where} shuffler", ("order", "random_state"))
        order = read_order(kept["order"], count, f"{where} shuffler order")
        state = read_random_state(kept["random_state"], f"{where} shuffler random_state")
        shuffler = Shuffler(tuple(order), state, shuffles)
    return SavedCheckpoint(
        steps,
        epoch,
        checked_whole(saved["position"], f"{where} position", 0, count - 1),
        shuffles,
        array("d", checked_numbers(saved["parameters"], f"{where} parameters", parameters)),
        shuffler,
    )


def read_order(value: Any, count: int, where: str = "batches order") -> list[int]:
    """The shuffled order: each of the `count` training points' positions exactly once."""
    order = checked_list(value, where, count, "positions (one per training point)")
    if not all(map(is_whole, order)) or sorted(order) != list(range(count)):
        raise RunFileError(f"{where} must hold each of 0 to {count - 1} exactly once")
    return order


def read_random_state(
    value: Any, where: str = "batches random_state"
) -> tuple[int, tuple[int, ...], float | None]:
    """`random.Random.getstate()` from its list form, checked so that setstate takes it."""
    if not (isinstance(value, list) and len(value) == 3):
        raise RunFileError(f"{where} must be [version, numbers, null]")
    version, words, gauss_next = value
    if not is_whole(version) or version != RANDOM_STATE_VERSION:
        raise RunFileError(f"{where} must be of version {RANDOM_STATE_VERSION}")
    words = checked_list(words, f"{where} numbers", RANDOM_STATE_WORDS + 1, "numbers")
    if not (
        all(is_whole(word) and 0 <= word < 2**32 for word in words[:-1])
        and is_whole(words[-1])
        and 0 <= words[-1] <= RANDOM_STATE_WORDS
    ):
        raise RunFileError(f"{where} numbers must be 32-bit whole numbers and a position")
    if gauss_next is not None:
        gauss_next = checked_number(gauss_next, f"{where} gauss_next")
    return RANDOM_STATE_VERSION, tuple(words), gauss_next
