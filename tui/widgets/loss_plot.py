"""The loss against the step, on a log scale, as the tutorial plots it.

With mini-batches a step's loss is one batch's, so the curves are then the losses over the whole
training and test sets after each epoch, against the epoch (see `Snapshot.per_epoch`).

plotext 5 crashes when a log-scale plot is drawn again (plotext issue 209), so we plot log10 of
the loss on a linear axis and label its ticks with the powers of ten they stand for.

plotext (with textual-plotext, its Textual glue) takes some 20 ms to import on a busy machine, and
the first frame has at most one loss to plot: the plot is drawn, and plotext imported, just after
the first frame is on screen (see `_redraw`).
"""

import math
import operator
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.drawing.axis import log_ticks, nice_ceiling, step_ticks
from tui.snapshot import Curve, Snapshot

if TYPE_CHECKING:  # imported where first drawn: see the module's docstring
    from textual_plotext import Plot

LINE_COLOR = (93, 173, 226)  # a light blue that reads on dark and light themes
TEST_COLOR = (245, 147, 34)  # the Playground's orange
GHOST_COLOR = (128, 128, 128)  # the previous run, dimmed
MARK_COLOR = (230, 200, 60)  # the step shown while looking back along the timeline
UNSTYLED = Style()  # a cell as the terminal draws it by default
STEP_TITLE = "loss (log scale)"
EPOCH_TITLE = "loss after each epoch, whole sets (log scale)"  # with mini-batches
Ghost = tuple[str, Curve]
PREVIOUS = "previous run"  # the grey curve's name when how it differed does not fit
# The plot's width that a legend's names cannot have: the y axis' frame, plotext's margins
# around the legend, and its marker (see plotext's _build.py).
LEGEND_MARGIN = 7


class LossPlot(Widget):
    """Mean loss per step, downsampled by the worker to about twice this plot's width."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    class WidthChanged(Message):
        """The plot's width changed: the worker should send about twice as many points."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._plot: Plot | None = None  # plotext's figure, made when first drawn (see `plt`)
        self._waiting = False  # the first drawing waits for the frame being made to be shown
        self._drawn_once = False
        self._drawn: tuple[Curve, Curve, Ghost | None] | None = None
        self._mark: int | None = None  # the step marked: the one shown, looking back
        self._per_epoch = False  # the curves' x is the epoch (mini-batches), not the step
        self._unit = "step"  # what one step of the run is: a step, or a Playground epoch
        self._lines: list[str] = []  # the plot as plotext drew it last, line by line
        self._strips: list[Strip] = []  # the same lines as cells, for `render_line`

    @property
    def plt(self) -> "Plot":
        """plotext's figure, this plot's own (textual-plotext's `Plot`: plotext's functions
        without its global state); plotext is imported the first time it is asked for."""
        if self._plot is None:
            from textual_plotext import Plot

            self._plot = Plot()
        return self._plot

    def on_resize(self) -> None:
        self.post_message(self.WidthChanged(self.size.width))
        if self._drawn is not None:
            self._redraw(repaint_all=True)

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        curves = (snapshot.losses, snapshot.test_losses, snapshot.ghost)
        mark = snapshot.timeline.shown if snapshot.timeline is not None else None
        if mark is not None and snapshot.per_epoch:
            mark = snapshot.epoch  # the epoch of the step shown
        same = self._drawn is not None and all(map(operator.is_, curves, self._drawn))
        unchanged = snapshot.per_epoch == self._per_epoch and snapshot.unit == self._unit
        if same and mark == self._mark and unchanged:
            return  # the same curves again: no repaint, no bytes to the terminal
        if snapshot.per_epoch != self._per_epoch:
            self.border_title = EPOCH_TITLE if snapshot.per_epoch else STEP_TITLE
        self._drawn, self._mark, self._per_epoch = curves, mark, snapshot.per_epoch
        self._unit = snapshot.unit
        self._redraw(repaint_all=False)

    def _redraw(self, repaint_all: bool) -> None:
        """Draw the curves last given, and repaint what changed (all of it if `repaint_all`).

        The first time, plotext is not imported yet: the drawing waits until the frame being
        made is on screen, and then shows the curves as they are by then.
        """
        if not self._drawn_once:
            if not self._waiting:
                self._waiting = True
                self.call_after_refresh(self._first_draw)
            return
        assert self._drawn is not None
        self.draw(*self._drawn, mark=self._mark, per_epoch=self._per_epoch, unit=self._unit)
        self._rebuild(repaint_all)

    def _first_draw(self) -> None:
        self._drawn_once = True
        self._redraw(repaint_all=True)

    @property
    def canvas_rows(self) -> int:
        """The lines plotext draws the curves on: all but the frame's two, the x axis' ticks
        and its label."""
        return self.size.height - 4

    def _rebuild(self, repaint_all: bool) -> None:
        """Build the plot's text once, and repaint only the lines that differ from the last.

        Most of a loss plot stays put from one frame to the next (the axes, the early curve):
        only the lines that changed are turned into cells again, and only they are sent, which
        keeps the work and a slow link light.
        """
        plt = self.plt
        plt.plotsize(self.size.width, self.size.height)
        plt._set_size(self.size.width, self.size.height)  # as textual-plotext's widget does
        plt.theme(plotext_theme(self.app))
        lines = plt.build().split("\n")
        before, self._lines = self._lines, lines
        if repaint_all or len(before) != len(lines):
            made: dict[str, Strip] = {}  # the plot's empty rows are alike: each made once
            self._strips = [
                made.get(line) or made.setdefault(line, self._strip(line)) for line in lines
            ]
            self.refresh()
            return
        for y, (old, new) in enumerate(zip(before, lines)):
            if old != new:
                self._strips[y] = self._strip(new)
                self.refresh(Region(0, y, self.size.width, 1))

    def _strip(self, line: str) -> Strip:
        """One line of plotext's coloured text as a strip of cells.

        Every cell gets a style, if only an empty one: Textual's line filters (the greyscale
        one under NO_COLOR) take each cell's style as given, and fail on a cell without one
        (plotext leaves its last line unstyled, and so is the padding unless given one).
        """
        rendered = Text.from_ansi(line).render(self.app.console)
        segments = [Segment(text, style or UNSTYLED) for text, style, _ in rendered]
        return Strip(segments).adjust_cell_length(self.size.width, UNSTYLED)

    def render_line(self, y: int) -> Strip:
        """The cached line: drawing the screen never runs plotext or parses colours again.

        Blank until the first snapshot's frame is on screen (see `_redraw`): the screens Textual
        draws while the app starts would only show empty axes, and the first frame would wait
        for plotext.
        """
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def draw(
        self,
        train: Curve,
        test: Curve,
        ghost: Ghost | None,
        mark: int | None = None,
        per_epoch: bool = False,
        unit: str = "step",
    ) -> None:
        """The training curve, the test curve if any, and the previous run's, dimmed.

        A legend appears when there is more than one curve to tell apart, or the previous run's
        alone (just after a reset: it must not pass for this run's), in the top left corner,
        where plotext puts it: the axis then goes on above the curves' top, so that no curve
        runs behind it (see `headroom`). `mark`: a step to mark with a vertical line (the one
        shown while looking back along the timeline).
        `per_epoch`: the curves are the whole sets' losses after each epoch (mini-batches), so
        the x axis is the epoch, and says so. `unit`: what one of the run's steps is (a
        Playground run's is an epoch), the x axis's name otherwise.
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlabel("epoch (whole-set loss)" if per_epoch else unit)
        lines = [("train", train, LINE_COLOR)]
        if test:
            lines.append(("test", test, TEST_COLOR))
        if ghost is not None:
            lines.insert(0, (ghost[0], ghost[1], GHOST_COLOR))
        drawn = [(name, log_points(curve), color) for name, curve, color in lines]
        drawn = [(name, points, color) for name, points, color in drawn if points]
        if not drawn:
            plt.xlim(0, 1)
            plt.ylim(-3, 0)
            ticks, labels = log_ticks(-3, 0)
            plt.yticks(ticks, labels)
            return
        all_logs = [value for _, points, _ in drawn for _, value in points]
        # The top stays at 1 (a sigmoid's square loss never reaches it), so the axis changes
        # only when the loss falls past a new power of ten.
        ticks, labels = log_ticks(min(all_logs), max(0.0, max(all_logs)))
        legend = len(drawn) if len(drawn) > 1 or ghost is not None else 0
        room = self.size.width - len(labels[0]) - LEGEND_MARGIN
        for name, points, color in drawn:
            label = legend_label(name, room) if legend else None
            steps = [step for step, _ in points]
            logs = [value for _, value in points]
            plt.plot(steps, logs, marker="braille", color=color, label=label)
        plt.ylim(ticks[0], headroom(ticks[0], ticks[-1], max(all_logs), legend, self.canvas_rows))
        plt.yticks(ticks, labels)
        span = nice_ceiling(max(points[-1][0] for _, points, _ in drawn))
        ticks_x = step_ticks(span)
        plt.xlim(0, span)
        plt.xticks([float(t) for t in ticks_x], [str(t) for t in ticks_x])
        if mark is not None:
            plt.vline(mark, color=MARK_COLOR)


def plotext_theme(app: App[object]) -> str:
    """The name of plotext's theme for the app's theme: its background and text colours, the
    curves' colours plotext's (textual-plotext's "auto" theme, made the first time it is asked
    for)."""
    from plotext._dict import themes
    from textual_plotext.plot import _rgbify_theme, _sequence

    name = f"textual-auto-{app.theme}"
    if name not in themes:
        surface = Color.parse(app.theme_variables["surface"]).rgb
        text = Color.parse(app.theme_variables["foreground"]).rgb
        themes[name] = _rgbify_theme(surface, surface, text, "default", [*_sequence])
    return name


def legend_label(label: str, room: int) -> str:
    """A curve's name for the legend, in at most `room` characters: whole, or cut after a
    whole word ("before: dataset…": it still says whose curve it is), or else "previous run".

    plotext leaves out a legend whose longest name does not fit the plot (at 80 columns the
    loss plot has room for 17 characters), and the grey curve's would then pass for this run's.
    """
    if len(label) <= room:
        return label
    words = label.split(" ")
    while len(words) > 1 and len(" ".join(words)) + 1 > room:
        words.pop()
    if len(words) > 1:
        return " ".join(words).rstrip(",") + "…"
    return PREVIOUS if len(PREVIOUS) <= room else label[: max(0, room - 1)] + "…"


def headroom(low: float, top: float, highest: float, legend: int, rows: int) -> float:
    """The top of the y axis for curves up to `highest` between `low` and `top`, leaving
    `legend` lines and one more above them for the legend, on a plot `rows` lines high.

    The legend covers the top lines of the plot's left side, where a loss curve begins at its
    highest; a flat curve near the top (xor at a learning rate of 100: 0.47 all along) would
    hide behind it. A plot too low for the room keeps its axis (plotext then leaves the
    legend out).
    """
    share = (legend + 1) / rows if legend and rows > 0 else 0.0
    if share == 0.0 or share >= 0.5:
        return top
    return max(top, (highest - share * low) / (1 - share))


def log_points(curve: Curve) -> list[tuple[int, float]]:
    """(step, log10 loss) for the steps whose loss can be drawn on a log scale: any finite
    loss above 0, from 5e-324 to 1.7e+308 (an infinite one is a run that diverged)."""
    return [(step, math.log10(loss)) for step, loss in curve if 0 < loss < math.inf]
