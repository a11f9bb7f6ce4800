"""Export: a run's loss history as CSV, for a spreadsheet or a plotting program.

    step,train_loss,test_loss
    1,0.29188529649769973,
    2,0.1645089079567221,

One row per step (a Playground run's: per epoch, the losses after it). The losses are written
in full (Python's repr of the float, which reads back as exactly the same number). `test_loss`
is empty when the run has no test set. A run loaded from a long run's file has the losses that
file kept (see `runfile.py`): the steps it skipped repeat the kept loss before them.
"""

import re
from collections.abc import Iterator, Sequence

from scratchnet.files import FileKind, PathLike, os_reason, write_atomically
from scratchnet.run_json import RunFileError
from scratchnet.shown import shown_path
from scratchnet.trainer import Trainer

HEADER = "step,train_loss,test_loss"
# A CSV of ours, told by its first line: exactly the header.
CSV_FILE = FileKind("a scratchnet CSV of losses", re.compile(re.escape(f"{HEADER}\n".encode())))
# Rows written at a time: a long history goes to the file in pieces, not as one huge string.
ROWS_PER_PIECE = 10_000


def losses_csv(trainer: Trainer) -> str:
    """The trainer's loss history as CSV text: the header, then one line per step."""
    return "".join(csv_pieces(trainer.losses, trainer.test_losses))


def csv_pieces(losses: Sequence[float], test_losses: Sequence[float]) -> Iterator[str]:
    """The CSV of these losses (row i is step i + 1) in pieces of ROWS_PER_PIECE lines."""
    yield HEADER + "\n"
    for first in range(0, len(losses), ROWS_PER_PIECE):
        lines = []
        for index in range(first, min(first + ROWS_PER_PIECE, len(losses))):
            test_loss = repr(test_losses[index]) if index < len(test_losses) else ""
            lines.append(f"{index + 1},{losses[index]!r},{test_loss}\n")
        yield "".join(lines)


def export_csv(path: PathLike, trainer: Trainer, replace_foreign: bool = False) -> None:
    """Write the trainer's loss history to `path` as CSV (see `write_losses`)."""
    write_losses(path, trainer.losses, trainer.test_losses, replace_foreign)


def write_losses(
    path: PathLike,
    losses: Sequence[float],
    test_losses: Sequence[float],
    replace_foreign: bool = False,
) -> None:
    """Write a loss history (row i: step i + 1) to `path` as CSV, atomically, as runs are saved.

    Works for a run that diverged too: its history up to the step that blew up. Raises
    RunFileError (`cannot write PATH: reason`, one line) when the file cannot be written, for
    a device, FIFO, socket or folder, which is refused rather than replaced, and for a file
    that is not one of our CSVs (`CSV_FILE`) unless `replace_foreign` (a person said yes).
    """
    try:
        pieces = (piece.encode("utf-8") for piece in csv_pieces(losses, test_losses))
        write_atomically(path, pieces, CSV_FILE, replace_foreign)
    except OSError as error:
        reason = os_reason(error, writing=True)
        raise RunFileError(f"cannot write {shown_path(path)}: {reason}") from error
