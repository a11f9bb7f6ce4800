"""What the app's parts share: the worker's session, the frame on screen, a command sent.

`ScratchnetApp` (app.py) is made of parts, each a job of its own, each a class it inherits: the
keys' actions (keys/actions.py), the right-hand pane (keys/pane.py), quitting, signals and the
autosave (lifecycle/quitting.py). This is the class they all build on.
"""

import threading

from textual.app import App
from textual.reactive import var
from textual.widgets import ContentSwitcher

from scratchnet.run import Settings
from tui.session import TrainingSession
from tui.session.commands import ChangeSettings, Command
from tui.snapshot import Snapshot


class AppState(App[None]):
    """The app's state: the session that trains, the last frame, the worker's thread."""

    # A var, not a reactive: a new snapshot must not repaint the whole screen, only the widgets
    # bound to it, and each of those repaints only what changed.
    snapshot: var[Snapshot | None] = var(None)
    session: TrainingSession
    worker: threading.Thread | None = None  # the training thread, once started
    autosave: str | None = None  # where to save the run when the app ends

    def send(self, command: Command) -> None:
        """A command for the worker, applied between two steps to the run it has then."""
        self.session.send(command)

    def change(self, **settings: object) -> None:
        """Change settings of the run, by name (its settings table's); the run's own rules say
        whether it goes on or starts again."""
        self.send(ChangeSettings.of(**settings))

    @property
    def side(self) -> str:
        """Which view the right-hand pane shows: "loss", "neurons", "probe", "diagram" or
        "health"."""
        return self.query_one(ContentSwitcher).current or "loss"

    @property
    def config(self) -> Settings:
        """The settings on screen (the session may be a command ahead)."""
        return self.snapshot.config if self.snapshot else self.session.config
