"""The loss history in a run file: every step's loss, or every k-th and the last for a long run.

The history is kept whole up to MAX_LOSS_POINTS (100,000) steps. Beyond that the file keeps the
loss of every k-th step (steps 1, 1 + k, 1 + 2k, ...) and of the last step, k being the smallest
power of 2 that keeps each curve to at most 100,000 numbers (about 2 MB), and says k as
`losses.every`. Loaded, the steps the file skipped get the kept loss before them
(`held_losses`), so the curve draws as before. A run file holds at most MAX_STEPS steps, so that
a small file cannot make a huge history. The full-set losses after each epoch of mini-batches
(`epoch_losses`) are kept the same way, every k-th epoch and the last.
"""

from array import array
from typing import Any

from scratchnet.kinds import is_whole
from scratchnet.run_json import (
    RunFileError,
    checked_numbers,
    checked_object,
    checked_whole,
)
from scratchnet.shown import json_shown
from scratchnet.trainer import Trainer

# The most losses a file keeps per curve; a longer history is downsampled (see the docstring).
MAX_LOSS_POINTS = 100_000

# The most steps a run file may hold: a loaded run has one loss per step in memory (8 bytes
# each, per curve), so a small file must not claim billions of them. At the tutorial network's
# 1,500 steps a second, that is some 19 hours of training.
MAX_STEPS = 100_000_000


def loss_history(trainer: Trainer) -> dict[str, Any]:
    """The losses as the file keeps them: all, or every k-th and the last (see the docstring)."""
    steps = len(trainer.losses)
    if steps > MAX_STEPS:
        raise RunFileError(f"the run has {steps} steps, more than a run file's {MAX_STEPS}")
    every = loss_stride(steps)
    return {
        "every": every,
        "train": kept_losses(trainer.losses, every),
        "test": kept_losses(trainer.test_losses, every),
    }


def epoch_history(trainer: Trainer) -> dict[str, Any]:
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


def read_losses(
    value: Any, steps: int, version: int, tested: bool
) -> tuple[list[float], list[float], int]:
    """The loss history as the file keeps it: the train losses, the test losses (with a test
    set, `tested`; else none), and `every`, which steps they are of.

    Version 1 keeps every step; version 2 says which in `every` (a power of 2: the docstring); the
    steps it skipped get the kept loss before them (`held_losses`, once everything is checked).
    """
    if version == 1:
        saved, every = checked_object(value, "losses", ("train", "test")), 1
    else:
        saved = checked_object(value, "losses", ("every", "train", "test"))
        every = checked_whole(saved["every"], "losses every", 1, max(steps, 1))
        if every & (every - 1):
            raise RunFileError(f"losses every must be a power of 2, got {every}")
    count = kept_count(steps, every)
    kept = "one per step" if every == 1 else f"one per {every} steps and the last"
    train = checked_numbers(saved["train"], "losses train", count, kept)
    why = kept if tested else "the settings hold no points out for testing"
    test = checked_numbers(saved["test"], "losses test", count if tested else 0, why)
    return train, test, every


def read_epoch_losses(
    value: Any, last: int, tested: bool
) -> tuple["array[int]", "array[float]", "array[float]"]:
    """The full-set losses after the epochs `epoch` (rising, none past the run's epoch `last`),
    as the trainer keeps them: epoch numbers, train losses, test losses (with a test set)."""
    saved = checked_object(value, "epoch_losses", ("epoch", "train", "test"))
    epochs = saved["epoch"]
    if not isinstance(epochs, list):
        raise RunFileError(f"epoch_losses epoch must be a list, got {json_shown(epochs)}")
    if not all(map(is_whole, epochs)) or any(
        not 1 <= epoch <= last or (i and epoch <= epochs[i - 1]) for i, epoch in enumerate(epochs)
    ):
        raise RunFileError(f"epoch_losses epoch must be rising whole numbers from 1 to {last}")
    count = len(epochs)
    train = checked_numbers(saved["train"], "epoch_losses train", count, "one per epoch listed")
    why = "one per epoch listed" if tested else "the run has no test set"
    test = checked_numbers(saved["test"], "epoch_losses test", count if tested else 0, why)
    return array("q", epochs), array("d", train), array("d", test)
