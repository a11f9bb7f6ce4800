"""The worker's file work: save, open and export, each answered with one line for the user.

The worker does it between two steps, so the run cannot change under a save. Whatever happens,
the user gets one `Notice`: what was written where (kept until dismissed: a path to copy), or
why nothing was. A run of either kind
saves and exports itself (`Run.save`, `Run.export_losses`); `open_run` opens either kind.
"""

from pathlib import Path

from scratchnet.modes import open_run
from scratchnet.run import Run
from scratchnet.run_json import RunFileError
from tui.snapshot import Notice


def save(run: Run, path: str, replace_foreign: bool = False) -> Notice:
    """Save the run and its timeline to `path` (atomically: an old file survives a failed
    save); a file there that is not a run only if `replace_foreign` (see `Run.save`)."""
    try:
        run.save(path, replace_foreign)
    except (RunFileError, ValueError) as error:
        return Notice(str(error), error=True)
    return Notice(f"Saved: {run.unit} {run.steps}, to {Path(path).absolute()}", keep=True)


def export(run: Run, path: str, replace_foreign: bool = False) -> Notice:
    """Write the loss history as CSV: step, train loss, test loss (see `Run.export_losses`)."""
    try:
        run.export_losses(path, replace_foreign)
    except (RunFileError, ValueError) as error:
        return Notice(str(error), error=True)
    where = Path(path).absolute()
    return Notice(f"Exported the losses: {run.unit} {run.steps}, to {where}", keep=True)


def load(path: str) -> Run | Notice:
    """The saved run at `path`, of either kind, with its timeline, or a notice saying why it
    cannot be loaded."""
    try:
        return open_run(path)
    except RunFileError as error:
        return Notice(str(error), error=True)


def loaded(path: str, run: Run) -> Notice:
    return Notice(f"Loaded {Path(path).absolute()}: {run.unit} {run.steps}")
