"""The diagnosis line: why the run is stuck, and the key that cures it, in one line (written
here on two):

    saturated: the output is 0 for every point (z ≈ -38): the learning rate is too high
    (- lowers it, r restarts)

It says what the worker's `Watch` shows (`scratchnet.diagnosis`), and only then: a healthy run
has no line at all. The line is cut to the width, the cure's keys last to go: at 80 columns
it names the layer, the cause and the keys (`fit`). The keys are those that do it in the view
open now: in the network diagram `-` and `+` nudge a weight, so there the line names `l`.
The text is the worker's, shown as it is: never read as markup.
"""

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from scratchnet.diagnosis import LOWER_RATE, RAISE_RATE, SHALLOWER, TOO_HIGH, Diagnosis
from tui.drawing.health_figures import where
from tui.snapshot import Snapshot

IN_DIAGRAM = {
    LOWER_RATE: "l types a lower one, r restarts",
    RAISE_RATE: "l types a higher one",
    SHALLOWER: "a changes the activation, [ on a layer removes it",
}
"""The cures whose keys act otherwise in the diagram (`-`, `+` nudge; `[` acts where the
cursor is), as they are said there."""

SHORT_CAUSE = {TOO_HIGH: "learning rate too high"}
"""A cause in fewer words, for a narrow terminal."""


def cure(diagnosis: Diagnosis, view: str) -> str:
    """The keys that cure it, in the view open now ("diagram", or any other)."""
    return IN_DIAGRAM.get(diagnosis.keys, diagnosis.keys) if view == "diagram" else diagnosis.keys


def fit(diagnosis: Diagnosis, keys: str, layers: int, width: int) -> str:
    """The line, cut to `width` cells: in full if it fits; else the layer in a word, the cause
    (in fewer words, or cut) and the keys; the keys go last."""
    kind, what, cause = diagnosis.kind, diagnosis.what, diagnosis.cause
    full = f"{kind}: {what}: {cause} ({keys})"
    if len(full) <= width:
        return full
    layer = where(diagnosis, layers)
    head = f"{kind} ({layer}): " if layer else f"{kind}: "
    for reason in (cause, *(short for long, short in SHORT_CAUSE.items() if cause.endswith(long))):
        line = f"{head}{reason} ({keys})"
        if len(line) <= width:
            return line
    room = width - len(head) - len(f" ({keys})")
    if room >= 12:  # enough of the cause to read
        return f"{head}{cause[: room - 1]}… ({keys})"
    line = f"{head}{keys}"
    return line if len(line) <= width else line[: width - 1] + "…"


class DiagnosisLine(Widget):
    """One line, shown only while the run has a diagnosis: its layer, cause and cure."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    view: reactive[str] = reactive("loss", repaint=False)
    """The view open on the right ("loss", "diagram", ...): which keys cure it there."""

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        shown = None if new is None else new.health.shown
        before = None if old is None else old.health.shown
        self.set_class(shown is not None, "-shown")
        if (shown and shown.line) != (before and before.line):  # a new step alone: nothing
            self.refresh()

    def watch_view(self) -> None:
        self.refresh()

    def render(self) -> Text:
        snapshot = self.snapshot
        diagnosis = None if snapshot is None else snapshot.health.shown
        if snapshot is None or diagnosis is None:
            return Text()
        last = snapshot.health.last
        layers = 0 if last is None else len(last.layers)
        keys = cure(diagnosis, self.view)
        return Text(fit(diagnosis, keys, layers, self.content_size.width), no_wrap=True)
