"""The status line: `step`, `loss`, `lr`, `seed`, `speed`, the state and `steps/s`, in those words.

Looking back along the timeline, the numbers are the checkpoint's, and the line says so.

While a gradient check runs (`g`), how far it has got comes right after the state, ahead of the
steps a second: `checking gradients 120/200, layer 3/9`.

For a run whose step is an epoch (a Playground run's: `Run.unit`), `epoch` and `epochs/s`.

With mini-batches a step's loss is only its batch's, so the line shows instead the losses over
the whole training and test sets after the last epoch: `epoch loss`, `epoch test loss` ("-"
until an epoch ends).

The words are fixed so that people, and scripts reading the screen, can rely on them.
"""

import math

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from scratchnet.gradcheck import CheckProgress
from scratchnet.kinds import number_text
from scratchnet.settings import SETTING
from tui.drawing.numbers import fixed
from tui.snapshot import Snapshot

STATE_STYLES = {"running": "green", "paused": "yellow", "diverged": "red", "replaying": "cyan"}


def loss_text(loss: float) -> str:
    """Four decimals, as the tutorial prints it; small (and huge) losses in scientific notation."""
    if math.isnan(loss):
        return "-"
    return fixed(loss, 4) if loss >= 0.001 else f"{loss:.2e}"


def percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def check_text(progress: CheckProgress) -> str:
    """How far the gradient check in progress has got, in a few words."""
    return (
        f"checking gradients {progress.done}/{progress.total}, "
        f"layer {progress.layer + 1}/{progress.layers}"
    )


def status_text(snapshot: Snapshot) -> Text:
    """The line itself. Plain text but for the state: every change of style costs bytes."""
    by_epoch = snapshot.unit == "epoch"  # a step is an epoch (a Playground run's)
    parts = [] if by_epoch else [f"step {snapshot.step}"]
    if snapshot.per_epoch and not by_epoch:
        # Mini-batches: the whole sets' losses after the last epoch, not the last batch's.
        parts += [f"epoch {snapshot.epoch}", f"epoch loss {loss_text(snapshot.epoch_loss)}"]
        if snapshot.epoch_test_loss is not None:
            parts.append(f"epoch test loss {loss_text(snapshot.epoch_test_loss)}")
    else:
        parts += [f"epoch {snapshot.epoch}", f"loss {loss_text(snapshot.loss)}"]
        if snapshot.test_loss is not None:
            parts.append(f"test loss {loss_text(snapshot.test_loss)}")
    parts.append(f"acc {percent(snapshot.train_accuracy)}")
    if snapshot.test_points:
        parts.append(f"test acc {percent(snapshot.test_accuracy)}")
    parts += [f"lr {number_text(snapshot.learning_rate)}", f"seed {snapshot.seed}"]
    diverged = snapshot.state == "diverged"  # then the line has a hint to make room for
    if not diverged:
        parts.append(f"speed {SETTING['speed'].text(snapshot.speed)}")
    parts.append("")
    text = Text("  ".join(parts))
    text.append(snapshot.state, style=f"bold {STATE_STYLES[snapshot.state]}")
    if snapshot.gradient_check is not None:
        text.append(f"  {check_text(snapshot.gradient_check)}", style="bold")
    unit = f"{snapshot.unit}s/s"
    timeline = snapshot.timeline
    if timeline is not None and timeline.shown is not None:  # no steps/s: it trains no steps
        text.append(f"  looking back from {snapshot.unit} {timeline.last}", style="bold")
    elif not diverged:
        text.append(f"  {snapshot.steps_per_second:.0f} {unit}")
    if diverged:
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
