"""What the app's parts share: the worker's session, the frame on screen, a command sent, the
views of the right-hand pane.

`ScratchnetApp` (app.py) is made of parts, each a job of its own, each a class it inherits: the
keys' actions (keys/actions.py), the right-hand pane (keys/pane.py), quitting, signals and the
autosave (lifecycle/quitting.py). This is the class they all build on.
"""

import threading
from typing import TYPE_CHECKING, cast

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

if TYPE_CHECKING:
    from tui.widgets.network_diagram import NetworkDiagram
    from tui.widgets.neuron_view import NeuronView

# The looks inside the network that the right-hand pane shows in place of the loss plot, each
# made the first time it opens (`AppState.view`), its code imported then (`view_widget`): the
# first frame lays out, paints and imports only what it shows. Each one's name (its pane's id),
# title and keys.
VIEWS: dict[str, tuple[str, str]] = {
    "neurons": ("neurons", "↑↓←→ choose · ⏎ draw it · esc back"),
    "probe": ("probe", "↑↓←→ move · PgDn · esc"),
    "health": ("health", "esc or h close"),
    "diagram": ("network (v closes)", DIAGRAM_KEYS),
}


def view_widget(name: str) -> Widget:
    """A new widget for the look inside of this name, its module imported now."""
    if name == "neurons":
        from tui.widgets.neuron_view import NeuronView

        return NeuronView()
    if name == "probe":
        from tui.widgets.probe_panel import ProbePanel

        return ProbePanel()
    if name == "health":
        from tui.widgets.health_view import HealthView

        return HealthView()
    from tui.widgets.network_diagram import NetworkDiagram

    return NetworkDiagram(id=name)


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

    def view(self, name: str) -> Widget:
        """The widget of a look inside, by name (see VIEWS), made the first time it is asked
        for: from then on it is in the screen and found at once, though it may still be
        mounting."""
        side = self.query_one(ContentSwitcher)
        panes = side.query_children(f"#{name}")
        if not panes:
            return self._make_view(side, name)
        pane = panes.first()
        return pane if name == "diagram" else pane.children[0]  # the pane, or the one it scrolls

    def diagram(self) -> "NetworkDiagram":
        """The network diagram (`v`), made the first time it is asked for."""
        return cast("NetworkDiagram", self.view("diagram"))

    def neuron_view(self) -> "NeuronView":
        """The neuron view (`n`), made the first time it is asked for."""
        return cast("NeuronView", self.view("neurons"))

    def _make_view(self, side: ContentSwitcher, name: str) -> Widget:
        """Mount a look inside in the right-hand pane, hidden until the pane shows it; returns
        its widget. The diagram is given its frames by the app (keys/pane.py); the others
        scroll in a pane of their own, bound to the app's snapshot as the widgets composed with
        the app are."""
        title, keys = VIEWS[name]
        widget = view_widget(name)
        pane = widget if name == "diagram" else VerticalScroll(id=name, can_focus=False)
        pane.border_title, pane.border_subtitle = title, keys
        pane.display = False
        side.mount(pane)
        if pane is not widget:
            pane.mount(widget)
            # Bound from the app's own queue: a binding is made to whoever handles the message
            # at hand, and a key passed on by a dialog (screens/kept_text.py) is the dialog's.
            self.call_later(widget.data_bind, AppState.snapshot)
        return widget
