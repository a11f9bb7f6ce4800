"""The health view (`h`): each layer's figures over time, as sparklines, beside the loss.

What the worker measures every few steps (`tui.session.health_watch`): the share of saturated
neurons, the dead relus, the size of the gradient each layer gets and its update-to-weight
ratio, one bar per measurement (`tui.drawing.health_figures`), and what is wrong now. It is
redrawn only when a new measurement comes, and fits the pane's width.
"""

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.drawing.health_figures import health_lines
from tui.snapshot import Snapshot


class HealthView(Static):
    """The run's health over time; plain text (sparklines are characters, not colours)."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        if new is not None and (old is None or old.health is not new.health):
            self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.snapshot is None or not self.display:
            return
        width = max(10, self.content_size.width)
        self.update(Text("\n".join(health_lines(self.snapshot.health, width)), no_wrap=True))
