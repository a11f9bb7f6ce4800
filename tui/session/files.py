"""The worker's file work: save, open and export, each answered with one line for the user.

The worker does it between two steps, so the run cannot change under a save. Whatever happens,
the user gets one `Notice`: what was written where, or why nothing was.
"""

from pathlib import Path

from scratchnet.config import RunConfig
from scratchnet.export import export_csv
from scratchnet.runfile import RunFileError, load_run_and_timeline, save_run
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer
from tui.snapshot import Notice


def save(
    path: str,
    config: RunConfig,
    trainer: Trainer,
    timeline: Timeline | None = None,
    replace_foreign: bool = False,
) -> Notice:
    """Save the run, and its timeline if given, to `path` (atomically: an old file survives a
    failed save); a file there that is not a run only if `replace_foreign` (see `save_run`)."""
    try:
        save_run(path, config, trainer, timeline, replace_foreign)
    except (RunFileError, ValueError) as error:
        return Notice(str(error), error=True)
    return Notice(f"Saved: step {trainer.steps}, to {Path(path).absolute()}")


def export(path: str, trainer: Trainer, replace_foreign: bool = False) -> Notice:
    """Write the loss history as CSV: step, train loss, test loss (see `export_csv`)."""
    try:
        export_csv(path, trainer, replace_foreign)
    except (RunFileError, ValueError) as error:
        return Notice(str(error), error=True)
    return Notice(f"Exported the losses: step {trainer.steps}, to {Path(path).absolute()}")


def load(path: str) -> tuple[RunConfig, Trainer, Timeline | None] | Notice:
    """The saved run at `path` and its timeline (None if the file has none), or a notice
    saying why it cannot be loaded."""
    try:
        return load_run_and_timeline(path)
    except RunFileError as error:
        return Notice(str(error), error=True)


def loaded(path: str, trainer: Trainer) -> Notice:
    return Notice(f"Loaded {Path(path).absolute()}: step {trainer.steps}")
