"""The two kinds of run the app trains, and what differs between them for the screen.

The tutorial's run (a `RunConfig`) and a TensorFlow Playground run (a `PlaygroundState`) each
have their own settings table; the panel, the palette and the "run it again" line take the one
of the run on screen from here.
"""

import shlex

from scratchnet.config import RunConfig
from scratchnet.options import command_line
from scratchnet.playground import PlaygroundState
from scratchnet.playground.settings import PLAYGROUND_SETTINGS
from scratchnet.settings import SETTINGS, Setting

Settings = RunConfig | PlaygroundState


def settings_for(config: Settings) -> tuple[Setting, ...]:
    """The settings table of this kind of run."""
    return PLAYGROUND_SETTINGS if isinstance(config, PlaygroundState) else SETTINGS


def setting_named(config: Settings, name: str) -> Setting:
    return next(setting for setting in settings_for(config) if setting.name == name)


def repeat_command(config: Settings) -> str:
    """The command that starts this very run again."""
    if isinstance(config, PlaygroundState):
        return shlex.join(["scratchnet-tui", "--playground", config.url()])
    return command_line(config)
