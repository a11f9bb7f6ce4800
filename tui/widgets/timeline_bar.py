"""The timeline bar: the run from its first checkpoint to its present, and where the screen is.

One line under the panes, like a video player's: the part of the run before the step shown is
drawn thick, the rest thin, and a marker sits at the step shown (at the end when the screen
shows the present); a ✎ marks each step where a weight or bias was set by hand in the network
diagram. The keys that move it, and the speed's, are written beside it: the footer has no room
left for them.
"""

from dataclasses import replace

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.snapshot import Snapshot, TimelineView

DONE_STYLE = "rgb(93,173,226)"  # the loss plot's blue: the part of the run up to the step shown
MARK_STYLE = "bold yellow"  # the step shown, when looking back
EDIT = "✎"  # a weight or bias set by hand here (the network diagram)
HINT_PRESENT = "j k ±1  J K ±tenth  home end  R replay  < > speed"
HINT_PAST = "space: go on from here  end: back to now"
HINT_REPLAY = "replaying  space: stop here"


def marker_cell(view: TimelineView, width: int) -> int:
    """The cell of the bar, from 0 to width - 1, where the step shown falls."""
    shown = view.last if view.shown is None else view.shown
    span = view.last - view.first
    if span <= 0 or width <= 1:
        return max(0, width - 1)
    share = (shown - view.first) / span
    return min(width - 1, max(0, round(share * (width - 1))))


def bar_text(view: TimelineView, width: int) -> Text:
    """The line itself, `width` cells wide: the labels, the bar, and the keys that move it."""
    if view.replaying:
        hint = HINT_REPLAY
    elif view.shown is not None:
        hint = HINT_PAST
    else:
        hint = HINT_PRESENT
    start, end = f"{view.first} ", f" {view.last}  "
    bar_width = width - len(start) - len(end) - len(hint)
    if bar_width < 10:  # a narrow screen: the bar first, the keys are in the help
        hint = ""
        bar_width = max(1, width - len(start) - len(end))
    mark = marker_cell(view, bar_width)
    cells = ["━"] * mark + ["●" if view.shown is not None else "━"] + ["─"] * (bar_width - mark - 1)
    for edited in view.edits:  # an edit by hand in the diagram: ✎ where it happened
        cell = marker_cell(replace(view, shown=edited), bar_width)
        if cell != mark or view.shown is None:
            cells[cell] = EDIT
    text = Text(start)
    text.append("".join(cells[:mark]), style=DONE_STYLE)
    text.append(cells[mark], style=MARK_STYLE)
    text.append("".join(cells[mark + 1 :]))
    text.append(end)
    text.append(hint, style="dim")
    return text


class TimelineBar(Widget):
    """The run's timeline on one line, redrawn only when its text changes (see `StatusBar`)."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    _text = Text()

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        self._update()

    def on_resize(self) -> None:
        self._update()

    def _update(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or snapshot.timeline is None:
            text = Text()
        else:
            text = bar_text(snapshot.timeline, self.size.width - self.styles.gutter.width)
        if text.plain != self._text.plain or text.spans != self._text.spans:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text
