"""The loss against the step, on a log scale, as the tutorial plots it.

plotext 5 crashes when a log-scale plot is drawn again (plotext issue 209), so we plot log10 of
the loss on a linear axis and label its ticks with the powers of ten they stand for.
"""

import math
import operator

from rich.text import Text
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual_plotext import PlotextPlot

from tui.axis import log_ticks, nice_ceiling, step_ticks
from tui.snapshot import Curve, Snapshot

LINE_COLOR = (93, 173, 226)  # a light blue that reads on dark and light themes
TEST_COLOR = (245, 147, 34)  # the Playground's orange
GHOST_COLOR = (128, 128, 128)  # the previous run, dimmed
Ghost = tuple[str, Curve]


class LossPlot(PlotextPlot):
    """Mean loss per step, downsampled by the worker to about twice this plot's width."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    class WidthChanged(Message):
        """The plot's width changed: the worker should send about twice as many points."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: tuple[Curve, Curve, Ghost | None] | None = None
        self._lines: list[str] = []  # the plot as plotext drew it last, line by line
        self._strips: list[Strip] = []  # the same lines as cells, for `render_line`

    def on_resize(self) -> None:
        self.post_message(self.WidthChanged(self.size.width))
        if self._drawn is not None:
            self.draw(*self._drawn)
            self._rebuild(repaint_all=True)

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        curves = (snapshot.losses, snapshot.test_losses, snapshot.ghost)
        if self._drawn is not None and all(map(operator.is_, curves, self._drawn)):
            return  # the same curves again: no repaint, no bytes to the terminal
        self._drawn = curves
        self.draw(*curves)
        self._rebuild(repaint_all=False)

    def _rebuild(self, repaint_all: bool) -> None:
        """Build the plot's text once, and repaint only the lines that differ from the last.

        Most of a loss plot stays put from one frame to the next (the axes, the early curve):
        only the lines that changed are turned into cells again, and only they are sent, which
        keeps the work and a slow link light.
        """
        plt = self.plt
        plt.plotsize(self.size.width, self.size.height)
        plt._set_size(self.size.width, self.size.height)  # as PlotextPlot.render does
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        lines = plt.build().split("\n")
        before, self._lines = self._lines, lines
        if repaint_all or len(before) != len(lines):
            self._strips = [self._strip(line) for line in lines]
            self.refresh()
            return
        for y, (old, new) in enumerate(zip(before, lines)):
            if old != new:
                self._strips[y] = self._strip(new)
                self.refresh(Region(0, y, self.size.width, 1))

    def _strip(self, line: str) -> Strip:
        """One line of plotext's coloured text as a strip of cells."""
        segments = list(Text.from_ansi(line).render(self.app.console))
        return Strip(segments).adjust_cell_length(self.size.width)

    def render_line(self, y: int) -> Strip:
        """The cached line: drawing the screen never runs plotext or parses colours again."""
        if not self._lines:
            self._rebuild(repaint_all=True)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def draw(self, train: Curve, test: Curve, ghost: Ghost | None) -> None:
        """The training curve, the test curve if any, and the previous run's, dimmed.

        A legend appears only when there is more than one curve to tell apart.
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlabel("step")
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
        for name, points, color in drawn:
            label = name if len(drawn) > 1 else None
            steps = [step for step, _ in points]
            logs = [value for _, value in points]
            plt.plot(steps, logs, marker="braille", color=color, label=label)
        all_logs = [value for _, points, _ in drawn for _, value in points]
        # The top stays at 1 (a sigmoid's square loss never reaches it), so the axis changes
        # only when the loss falls past a new power of ten.
        ticks, labels = log_ticks(min(all_logs), max(0.0, max(all_logs)))
        plt.ylim(ticks[0], ticks[-1])
        plt.yticks(ticks, labels)
        span = nice_ceiling(max(points[-1][0] for _, points, _ in drawn))
        ticks_x = step_ticks(span)
        plt.xlim(0, span)
        plt.xticks([float(t) for t in ticks_x], [str(t) for t in ticks_x])


def log_points(curve: Curve) -> list[tuple[int, float]]:
    """(step, log10 loss) for the steps whose loss can be drawn on a log scale."""
    return [(step, math.log10(loss)) for step, loss in curve if loss > 0]
