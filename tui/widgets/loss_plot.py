"""The loss against the step, on a log scale, as the tutorial plots it.

plotext 5 crashes when a log-scale plot is drawn again (plotext issue 209), so we plot log10 of
the loss on a linear axis and label its ticks with the powers of ten they stand for.
"""

import math

from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui.snapshot import Snapshot

LINE_COLOR = (93, 173, 226)  # a light blue that reads on dark and light themes


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions (log10 values) at whole powers of ten covering [low, high], and labels."""
    first, last = math.floor(low), math.ceil(high)
    if first == last:
        first, last = first - 1, last + 1
    powers = list(range(first, last + 1))
    return [float(p) for p in powers], [f"{10.0**p:g}" for p in powers]


def step_ticks(last_step: int, count: int = 5) -> list[int]:
    """Round step numbers from 0 up to `last_step`: 0, 500, 1000, ... (1, 2 or 5 times 10^k)."""
    rough = max(1.0, last_step / (count - 1))
    power = 10 ** math.floor(math.log10(rough))
    spacing = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return list(range(0, last_step + 1, int(spacing)))


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
        self._drawn: tuple[tuple[int, float], ...] | None = None

    def on_resize(self) -> None:
        self.post_message(self.WidthChanged(self.size.width))

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None or snapshot.losses == self._drawn:
            return  # nothing new to draw: no repaint, no bytes to the terminal
        self._drawn = snapshot.losses
        self.draw(snapshot.losses)
        self.refresh()

    def draw(self, losses: tuple[tuple[int, float], ...]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlabel("step")
        points = [(step, math.log10(loss)) for step, loss in losses if loss > 0]
        if not points:
            plt.xlim(0, 1)
            plt.ylim(-3, 0)
            ticks, labels = log_ticks(-3, 0)
            plt.yticks(ticks, labels)
            return
        steps = [step for step, _ in points]
        logs = [value for _, value in points]
        plt.plot(steps, logs, marker="braille", color=LINE_COLOR)
        low, high = min(logs), max(logs)
        ticks, labels = log_ticks(low, high)
        plt.ylim(ticks[0], ticks[-1])
        plt.yticks(ticks, labels)
        ticks_x = step_ticks(steps[-1])
        plt.xlim(0, max(1, steps[-1]))
        plt.xticks(ticks_x, [str(t) for t in ticks_x])
