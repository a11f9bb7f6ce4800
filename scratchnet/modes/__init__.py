"""The two kinds of run behind the `Run` contract (scratchnet/run.py), and the one place that
asks which kind a run is.

- `tutorial.py`: the tutorial's run, `TutorialMode` (a `RunConfig` and its `Trainer`);
- `playground.py`: a TensorFlow Playground run, `PlaygroundMode` (a `PlaygroundState`, its URL,
  and a `PlaygroundRun`).

`make_run` starts the right one for a start's settings, `open_run` for a saved file. Nothing else
in scratchnet or the app needs to know which it has: it asks the run (its `unit`, its `domain`,
its `settings_table`, ...), never its type.

The Playground's code (`scratchnet/playground/`) is imported when a Playground run is made or
opened, and the run files' code when a run is opened: the tutorial's run, the app's first screen,
starts without them.
"""

import os
from typing import TYPE_CHECKING, Any

from scratchnet.config import RunConfig
from scratchnet.modes.tutorial import TutorialMode
from scratchnet.run import Run, Settings

if TYPE_CHECKING:
    from scratchnet.files import PathLike

__all__ = ["TutorialMode", "make_run", "open_run", "run_from_data"]


def make_run(settings: Settings) -> Run:
    """A new run from these settings: the tutorial's for a `RunConfig`, the Playground's for a
    `PlaygroundState` (a URL, read). Raises ValueError, one line, for settings that make no run.
    """
    if isinstance(settings, RunConfig):
        return TutorialMode(settings)
    from scratchnet.modes.playground import PlaygroundMode

    return PlaygroundMode(settings)


def open_run(path: "PathLike") -> Run:
    """The run saved in `path`, of either kind, going on exactly where it was, its timeline
    with it. Raises RunFileError, `cannot load PATH: reason` on one line."""
    from scratchnet.run_json import RunFileError, read_json

    try:
        return run_from_data(read_json(path))
    except RunFileError as error:
        raise RunFileError(f"cannot load {os.fspath(path)}: {error}") from None


def run_from_data(data: Any) -> Run:
    """The run a run file's JSON object describes, of either kind (RunFileError if none)."""
    from scratchnet.modes.playground import PlaygroundMode
    from scratchnet.playground.runfile import is_playground_data, playground_run_from_data
    from scratchnet.runfile import run_and_timeline_from_data

    if is_playground_data(data):
        engine, timeline = playground_run_from_data(data)
        return PlaygroundMode(engine.state, engine, timeline)
    config, trainer, saved_timeline = run_and_timeline_from_data(data)
    return TutorialMode(config, trainer, saved_timeline)
