"""Export: a run's loss history as CSV, for a spreadsheet or a plotting program.

    step,train_loss,test_loss
    1,0.29188529649769973,
    2,0.1645089079567221,

One row per step. The losses are written in full (Python's repr of the float, which reads back
as exactly the same number). `test_loss` is empty when the run has no test set.
"""

import os

from scratchnet.runfile import PathLike, RunFileError, os_reason, write_atomically
from scratchnet.trainer import Trainer

HEADER = "step,train_loss,test_loss"


def losses_csv(trainer: Trainer) -> str:
    """The trainer's loss history as CSV text: the header, then one line per step."""
    test_losses = trainer.test_losses
    lines = [HEADER]
    for index, loss in enumerate(trainer.losses):
        test_loss = repr(test_losses[index]) if index < len(test_losses) else ""
        lines.append(f"{index + 1},{loss!r},{test_loss}")
    return "\n".join(lines) + "\n"


def export_csv(path: PathLike, trainer: Trainer) -> None:
    """Write the loss history to `path` as CSV, atomically, as runs are saved.

    Works for a run that diverged too: its history up to the step that blew up. Raises
    RunFileError (`cannot write PATH: reason`, one line) when the file cannot be written.
    """
    try:
        write_atomically(path, losses_csv(trainer).encode("utf-8"))
    except OSError as error:
        reason = os_reason(error, writing=True)
        raise RunFileError(f"cannot write {os.fspath(path)}: {reason}") from error
