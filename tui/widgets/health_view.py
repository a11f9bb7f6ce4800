"""The health view (`h`): each layer's figures over time, as sparklines, beside the loss.

What the worker measures every few steps (`tui.session.health_watch`): the share of saturated
neurons, the dead relus, the size of the gradient each layer gets and its update-to-weight
ratio, one bar per measurement (`tui.drawing.health_figures`), and what is wrong now. It is
redrawn only when a new measurement comes, at most twice a second (`REDRAW_SECONDS`: at full
speed measurements come many times a second, and each redraw is bytes over SSH), and fits the
pane's width.
"""

import time

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from tui.drawing.health_figures import health_lines
from tui.snapshot import Snapshot

REDRAW_SECONDS = 0.5


class HealthView(Static):
    """The run's health over time; plain text (sparklines are characters, not colours)."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn_at = -REDRAW_SECONDS  # when it was last drawn (time.monotonic)
        self._waiting: Timer | None = None  # a redraw put off until REDRAW_SECONDS have gone

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        if new is None or (old is not None and old.health is new.health):
            return
        if self._waiting is not None:
            return  # the redraw already due draws the newest snapshot
        wait = self._drawn_at + REDRAW_SECONDS - time.monotonic()
        if wait <= 0:
            self._draw()
        else:
            self._waiting = self.set_timer(wait, self._draw_late)

    def _draw_late(self) -> None:
        self._waiting = None
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.snapshot is None or not self.display:
            return
        self._drawn_at = time.monotonic()
        width = max(10, self.content_size.width)
        self.update(Text("\n".join(health_lines(self.snapshot.health, width)), no_wrap=True))
