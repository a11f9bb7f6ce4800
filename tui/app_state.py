"""What the app's parts share: the worker's session, the frame on screen, a command sent, the
views of the right-hand pane.

`ScratchnetApp` (app.py) is made of parts, each a job of its own, each a class it inherits: the
keys' actions (keys/actions.py), the right-hand pane (keys/pane.py), quitting, signals and the
autosave (lifecycle/quitting.py). This is the class they all build on.
"""

import threading
from typing import TypeVar

from textual.app import App
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from scratchnet.run import Settings
from tui.keys.bindings import DIAGRAM_KEYS
from tui.session import TrainingSession
from tui.session.commands import ChangeSettings, Command
from tui.snapshot import Snapshot
from tui.widgets.health_view import HealthView
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.neuron_view import NeuronView
from tui.widgets.probe_panel import ProbePanel

View = TypeVar("View", bound=Widget)

# The looks inside the network that the right-hand pane shows in place of the loss plot, each
# made the first time it opens (`AppState.view`): the first frame lays out and paints only what
# it shows. Each one's name (its pane's id), widget, title and keys.
VIEWS: dict[str, tuple[type[Widget], str, str]] = {
    "neurons": (NeuronView, "neurons", "↑↓←→ choose · ⏎ draw it · esc back"),
    "probe": (ProbePanel, "probe", "↑↓←→ move · PgDn · esc"),
    "health": (HealthView, "health", "esc or h close"),
    "diagram": (NetworkDiagram, "network (v closes)", DIAGRAM_KEYS),
}
NAME_OF = {kind: name for name, (kind, _, _) in VIEWS.items()}


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

    def view(self, kind: type[View]) -> View:
        """The widget of a look inside (`NeuronView`, `ProbePanel`, `HealthView` or
        `NetworkDiagram`), made the first time it is asked for: from then on it is in the
        screen and found at once, though it may still be mounting."""
        side = self.query_one(ContentSwitcher)
        name = NAME_OF[kind]
        if not side.query_children(f"#{name}"):
            self._make_view(side, name)
        return side.query_one(kind)

    def _make_view(self, side: ContentSwitcher, name: str) -> None:
        """Mount a look inside in the right-hand pane, hidden until the pane shows it. The
        diagram is given its frames by the app (keys/pane.py); the others scroll in a pane of
        their own, bound to the app's snapshot as the widgets composed with the app are."""
        kind, title, keys = VIEWS[name]
        widget = kind(id=name) if kind is NetworkDiagram else kind()
        pane = widget if kind is NetworkDiagram else VerticalScroll(id=name, can_focus=False)
        pane.border_title, pane.border_subtitle = title, keys
        pane.display = False
        side.mount(pane)
        if pane is not widget:
            pane.mount(widget)
            # Bound from the app's own queue: a binding is made to whoever handles the message
            # at hand, and a key passed on by a dialog (screens/kept_text.py) is the dialog's.
            self.call_later(widget.data_bind, AppState.snapshot)
