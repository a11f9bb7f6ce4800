"""The status line: the state, `step`, `loss`, `acc`, `lr`, `seed`, `speed` and `steps/s`, in
those words, and in that order of importance: a narrow terminal (80 columns, over SSH) drops
whole fields from the end, never the state (running, paused, diverged, replaying, and whether
it is looking back), which comes first, nor the step, the losses and the accuracies after it.

Looking back along the timeline, the numbers are the checkpoint's, and the line says so.

While a gradient check runs (`g`), how far it has got comes right after the state:
`checking gradients 120/200, layer 3/9`.

For a run whose step is an epoch (a Playground run's: `Run.unit`), `epoch` and `epochs/s`.

With mini-batches a step's loss is only its batch's, so the line shows instead the losses over
the whole training and test sets after the last epoch: `epoch loss`, `epoch test loss` ("-"
until an epoch ends).

The words are fixed so that people, and scripts reading the screen, can rely on them.
"""

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from scratchnet.kinds import number_text
from scratchnet.settings import SETTING
from tui.drawing.numbers import fixed
from tui.snapshot import Snapshot

if TYPE_CHECKING:  # only named: the gradient check's code is imported when a check begins
    from scratchnet.gradcheck import CheckProgress

SEPARATOR = "  "
STATE_STYLES = {"running": "green", "paused": "yellow", "diverged": "red", "replaying": "cyan"}


def loss_text(loss: float) -> str:
    """Four decimals, as the tutorial prints it; small (and huge) losses in scientific notation."""
    if math.isnan(loss):
        return "-"
    return fixed(loss, 4) if loss >= 0.001 else f"{loss:.2e}"


def percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def check_text(progress: "CheckProgress") -> str:
    """How far the gradient check in progress has got, in a few words."""
    return (
        f"checking gradients {progress.done}/{progress.total}, "
        f"layer {progress.layer + 1}/{progress.layers}"
    )


def status_fields(snapshot: Snapshot) -> list[Text]:
    """The line's fields, most important first: the state, then the step (or epoch), the
    losses and the accuracies; what a narrow terminal has no room for goes from the end.

    Plain text but for the state: every change of style costs bytes.
    """
    looking_back = snapshot.timeline is not None and snapshot.timeline.shown is not None
    diverged = snapshot.state == "diverged"
    fields = [Text(snapshot.state, style=f"bold {STATE_STYLES[snapshot.state]}")]
    if snapshot.timeline is not None and looking_back:  # no steps/s: it trains no steps
        where = f"looking back from {snapshot.unit} {snapshot.timeline.last}"
        fields.append(Text(where, style="bold"))
    if snapshot.gradient_check is not None:
        fields.append(Text(check_text(snapshot.gradient_check), style="bold"))
    fields += map(Text, progress_words(snapshot))
    if diverged:
        hint = "lower the learning rate (-) and press r to start again"
        fields.append(Text(hint, style="bold"))
    words = [f"lr {number_text(snapshot.learning_rate)}", f"seed {snapshot.seed}"]
    if not diverged:
        words.append(f"speed {SETTING['speed'].text(snapshot.speed)}")
        if not looking_back:
            words.append(f"{snapshot.steps_per_second:.0f} {snapshot.unit}s/s")
    fields += map(Text, words)
    return fields


def progress_words(snapshot: Snapshot) -> list[str]:
    """How far the run has got: its step (or epoch), its losses and its accuracies."""
    by_epoch = snapshot.unit == "epoch"  # a step is an epoch (a Playground run's)
    words = [] if by_epoch else [f"step {snapshot.step}"]
    if snapshot.per_epoch and not by_epoch:
        # Mini-batches: the whole sets' losses after the last epoch, not the last batch's.
        words += [f"epoch {snapshot.epoch}", f"epoch loss {loss_text(snapshot.epoch_loss)}"]
        if snapshot.epoch_test_loss is not None:
            words.append(f"epoch test loss {loss_text(snapshot.epoch_test_loss)}")
    else:
        words += [f"epoch {snapshot.epoch}", f"loss {loss_text(snapshot.loss)}"]
        if snapshot.test_loss is not None:
            words.append(f"test loss {loss_text(snapshot.test_loss)}")
    words.append(f"acc {percent(snapshot.train_accuracy)}")
    if snapshot.test_points:
        words.append(f"test acc {percent(snapshot.test_accuracy)}")
    return words


def fitted(fields: list[Text], width: int | None) -> Text:
    """The fields, two spaces apart, from the first on while they fit (the first always)."""
    text = Text()
    for field in fields:
        if text and width is not None and len(text) + len(SEPARATOR) + len(field) > width:
            break
        if text:
            text.append(SEPARATOR)
        text.append_text(field)
    return text


class StatusBar(Widget):
    """One line of numbers about the run, redrawn only when its text changes.

    A plain widget with `render`, not a Static: `Static.update` asks for a new layout of the
    whole screen, eight times a second here, and that time comes out of training. The fields
    are fitted to the width as it is drawn, so a narrow terminal keeps the first of them whole.
    """

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    _fields: list[Text] = []
    _text = Text()  # every field, to tell whether anything changed

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        fields = status_fields(snapshot)
        text = fitted(fields, None)
        if text.plain != self._text.plain or text.spans != self._text.spans:
            self._fields, self._text = fields, text
            self.refresh()

    def render(self) -> Text:
        return fitted(self._fields, self.content_size.width)
