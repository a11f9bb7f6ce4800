"""The status line: `step`, `loss`, `lr`, `seed`, the state and `steps/s`, in those words.

The words are fixed so that people, and scripts reading the screen, can rely on them.
"""

import math

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from scratchnet.config import number_text
from tui.snapshot import Snapshot

STATE_STYLES = {"running": "green", "paused": "yellow", "diverged": "red"}


def loss_text(loss: float) -> str:
    """Four decimals, as the tutorial prints it; small losses in scientific notation."""
    if math.isnan(loss):
        return "-"
    return f"{loss:.4f}" if loss >= 0.001 else f"{loss:.2e}"


def percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def status_text(snapshot: Snapshot) -> Text:
    """The line itself. Plain text but for the state: every change of style costs bytes."""
    parts = [f"step {snapshot.step}", f"epoch {snapshot.epoch}", f"loss {loss_text(snapshot.loss)}"]
    if snapshot.test_loss is not None:
        parts.append(f"test loss {loss_text(snapshot.test_loss)}")
    parts.append(f"acc {percent(snapshot.train_accuracy)}")
    if snapshot.test_points:
        parts.append(f"test acc {percent(snapshot.test_accuracy)}")
    parts += [f"lr {number_text(snapshot.learning_rate)}", f"seed {snapshot.seed}", ""]
    text = Text("  ".join(parts))
    text.append(snapshot.state, style=f"bold {STATE_STYLES[snapshot.state]}")
    text.append(f"  {snapshot.steps_per_second:.0f} steps/s")
    if snapshot.state == "diverged":
        text.append("  lower the learning rate (-) and press r to start again", style="bold")
    return text


class StatusBar(Widget):
    """One line of numbers about the run, redrawn only when its text changes.

    A plain widget with `render`, not a Static: `Static.update` asks for a new layout of the
    whole screen, eight times a second here, and that time comes out of training.
    """

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    _text = Text()

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        text = status_text(snapshot)
        if text.plain != self._text.plain or text.spans != self._text.spans:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text
