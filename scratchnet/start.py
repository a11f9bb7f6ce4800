"""How both commands start a run: from the options, or from a saved run (`--load`).

`scratchnet train` and `scratchnet-tui` call the same `start_run`, so `--load` means the same in
both: the settings come from the file, and only the live ones (see `settings.py`) may be changed
by options typed with it.
"""

import argparse
from collections.abc import Sequence
from dataclasses import replace

from scratchnet.config import RunConfig
from scratchnet.options import run_config
from scratchnet.run_json import RunFileError
from scratchnet.settings import LIVE, SETTINGS, Setting, unused_by
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer

Saved = tuple[RunConfig, Trainer, Timeline | None]


def start_run(
    args: argparse.Namespace, given: Sequence[Setting], saved: Saved | None = None
) -> tuple[RunConfig, Trainer]:
    """A new run from the options, or the saved run of `args.load` with the live options applied.

    `given` is the settings typed on the command line (`options.given_settings`). Raises
    RunFileError, one line, for a file that cannot be loaded or an option that cannot change it,
    and for an option the run's dataset does not use (`--noise` with the grid). `saved`: the
    run of `args.load`, already read (by `scratchnet.modes.open_run`), not to read it twice.
    """
    config, trainer, _ = start_run_and_timeline(args, given, saved)
    return config, trainer


def new_config(args: argparse.Namespace, given: Sequence[Setting]) -> RunConfig:
    """The settings of a new run from the options. Raises RunFileError, one line, for an option
    the run's dataset does not use (`--noise` with the grid)."""
    config = run_config(args)
    unused = unused_by(config.dataset_name, given)
    if unused is not None:
        raise RunFileError(unused)
    return config


def start_run_and_timeline(
    args: argparse.Namespace, given: Sequence[Setting], saved: Saved | None = None
) -> Saved:
    """`start_run`, and the saved run's timeline when it has one (the app looks back on it)."""
    if args.load is None:
        config = new_config(args, given)
        return config, config.trainer(), None
    fixed = [setting.flag for setting in given if not setting.live]
    if fixed:
        live = ", ".join(setting.flag for setting in SETTINGS if setting.name in LIVE)
        raise RunFileError(
            f"--load takes the settings from {args.load}, so {', '.join(fixed)} cannot change "
            f"them; only {live} can"
        )
    from scratchnet.runfile import load_run_and_timeline  # the run files' code, for --load only

    config, trainer, timeline = load_run_and_timeline(args.load) if saved is None else saved
    changes = {setting.name: getattr(args, setting.dest) for setting in given}
    for name, value in changes.items():
        if name in LIVE:  # not --speed: it is the app's, not the trainer's
            setattr(trainer, name, value)  # the Trainer's attributes have the live settings' names
    return replace(config, **changes), trainer, timeline
