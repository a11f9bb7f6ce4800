"""The status line: `step`, `loss`, `lr`, `seed`, the state and `steps/s`, in those words.

The words are fixed so that people, and scripts reading the screen, can rely on them.
"""

import math

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from scratchnet.config import number_text
from tui.snapshot import Snapshot


def loss_text(loss: float) -> str:
    """Four decimals, as the tutorial prints it; small losses in scientific notation."""
    if math.isnan(loss):
        return "-"
    return f"{loss:.4f}" if loss >= 0.001 else f"{loss:.2e}"


def status_text(snapshot: Snapshot) -> Text:
    text = Text()
    parts = [
        ("step ", str(snapshot.step)),
        ("loss ", loss_text(snapshot.loss)),
        ("lr ", number_text(snapshot.learning_rate)),
        ("seed ", str(snapshot.seed)),
    ]
    for label, value in parts:
        text.append(label, style="dim")
        text.append(value, style="bold")
        text.append("  │  ", style="dim")
    text.append(snapshot.state, style=f"bold {STATE_STYLES[snapshot.state]}")
    text.append("  │  ", style="dim")
    text.append(f"{snapshot.steps_per_second:.0f} steps/s")
    if snapshot.state == "diverged":
        text.append("   lower the learning rate (-) and press r to start again", style="bold")
    return text


STATE_STYLES = {"running": "green", "paused": "yellow", "diverged": "red"}


class StatusBar(Static):
    """One line of numbers about the run."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.update(status_text(snapshot))
