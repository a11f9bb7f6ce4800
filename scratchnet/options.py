"""Command-line options shared by `scratchnet train` and `scratchnet-tui`.

The run options are made from the settings table (`settings.py`): one option per setting, read
by the setting's own `parse`, so a value one command accepts the other accepts too, the app's
dialogs accept it, and a bad value gets the same one-line reason everywhere.
"""

import argparse
import shlex
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from scratchnet.config import RunConfig
from scratchnet.kinds import Choice, Whole
from scratchnet.settings import SETTINGS, Setting


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, `prog: error: reason`, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def option_type(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A setting's `parse` as an argparse type: its ValueError becomes argparse's error."""

    def read(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def add_run_options(parser: argparse.ArgumentParser, paced: bool = True) -> None:
    """One option per setting, with the tutorial's values as defaults.

    A setting with a fixed list of values shows them in --help (`--reg {none,l1,l2}`). Unless
    the command is `paced` (the app), a setting of how the app shows the run, not of what it
    learns (--speed), is still accepted, so that one command line serves both commands, but
    not offered in --help: it would do nothing there.
    """
    default = RunConfig()
    for setting in SETTINGS:
        value = getattr(default, setting.name)
        shown = paced or setting.learns
        parser.add_argument(
            setting.flag,
            type=option_type(setting.parse),
            default=value,
            metavar=choices_metavar(setting),
            help=f"{setting.help} ({setting.text(value)})" if shown else argparse.SUPPRESS,
        )


def choices_metavar(setting: Setting) -> str | None:
    """`{sigmoid,tanh,relu,linear}` for a setting that takes one of a list; else argparse's
    own (`LR`)."""
    if isinstance(setting.kind, Choice):
        return "{" + ",".join(setting.kind.names) + "}"
    return None


def run_config(args: argparse.Namespace) -> RunConfig:
    """The run that parsed options describe (see `add_run_options`)."""
    return RunConfig(**{setting.name: getattr(args, setting.dest) for setting in SETTINGS})


def given_settings(argv: Sequence[str]) -> list[Setting]:
    """The settings that the words `argv` give, such as those of --lr and --hidden.

    argparse fills in every default, so its answer cannot tell `--lr 10` from no --lr at all.
    So we parse again, with the run options only, starting from a namespace where each of them
    is already set to a marker: argparse leaves a value that is already there alone, so the
    options still holding the marker are the ones not typed. The other words are skipped;
    `argv` is expected to have passed the real parser already.
    """
    probe = OneLineParser(add_help=False)
    add_run_options(probe)
    not_given = object()
    start = argparse.Namespace(**{setting.dest: not_given for setting in SETTINGS})
    given, _ = probe.parse_known_args(list(argv), start)
    return [setting for setting in SETTINGS if getattr(given, setting.dest) is not not_given]


def command_line(config: RunConfig, program: str = "scratchnet-tui") -> str:
    """The command that starts this very run again: the app's answer to a shareable URL."""
    return shlex.join([program, *config.options()])


# Options of the commands themselves, not of a run.
steps = option_type(Whole("steps").parse)
every = option_type(Whole("every", 1).parse)
