"""The network's prediction over the run's square ([-2, 2]², or the Playground's [-6, 6]²),
drawn with half blocks, the data points on top.

Each character cell shows two samples: `▀` with the upper sample as its foreground colour and
the lower one as its background. A cell is about twice as tall as it is wide, so two samples a
cell make the picture square. Only the rows whose colours, as this terminal shows them, changed
are repainted.

Where colours cannot carry the picture (NO_COLOR, 16 colours or fewer: see
`tui.drawing.colours`), each cell is a shade character instead, blank for 0 to solid for 1, and
a point's character says its label: X for 1 and O for 0, lower case for a test point.
"""

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.drawing.colours import Shades, shades_for
from tui.snapshot import Snapshot

LABEL_WIDTH = 3  # " 2 ", "-1 ": the y axis ticks on the left
TICKS = (1.0, 0.5, 0.0, -0.5, -1.0)  # shares of the domain: 2 1 0 -1 -2, or 6 3 0 -3 -6
POINT = "●"
TEST_POINT = "○"
CURSOR = "╋"
CURSOR_STYLE = Style(color="black", bold=True)
CHARACTER_CURSOR_STYLE = Style(bold=True, reverse=True)
POINT_CHARACTERS = {(True, False): "X", (False, False): "O", (True, True): "x", (False, True): "o"}


@dataclass(frozen=True)
class Layout:
    """Where the picture sits in the pane: its size in cells and its left edge."""

    columns: int
    rows: int
    left: int


def fit(size: Size) -> Layout:
    """The largest square picture that fits the pane, with room for the axis labels."""
    width = max(0, size.width - LABEL_WIDTH)
    height = max(0, size.height - 1)
    side = min(width, 2 * height) // 2 * 2  # in samples; even, so rows of cells are whole
    return Layout(columns=side, rows=side // 2, left=LABEL_WIDTH + (width - side) // 2)


def sample_of(
    x: float, y: float, columns: int, samples_high: int, domain: float = 2.0
) -> tuple[int, int]:
    """The (column, sample row) of a picture `columns` wide and `samples_high` tall that the
    point (x, y) of [-domain, domain]² falls in; points on the edge belong to the edge cells."""
    span = 2 * domain
    column = min(columns - 1, max(0, int((x + domain) / span * columns)))
    sample_row = min(samples_high - 1, max(0, int((domain - y) / span * samples_high)))
    return column, sample_row


def tick_index(share: float, count: int) -> int:
    """Which of `count` cells, spanning the domain's top down to its bottom (or left to right),
    holds the tick at `share` of the domain (1 the top, -1 the bottom)."""
    return min(count - 1, max(0, round((1 - share) / 2 * count)))


def tick_text(share: float, domain: float) -> str:
    """A tick's label: 2, -1, 6, -3."""
    return f"{share * domain:g}"


class PredictionGrid(Widget):
    """The coloured picture of f(x, y) with the training points."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    show_test: reactive[bool] = reactive(True, repaint=False)
    """Draw the test points (hollow) as well as the training points (the run's view, `t`)."""
    discrete: reactive[bool] = reactive(False, repaint=False)
    """Show only which side of the threshold the network is on, as the Playground's
    "discretize" (the run's view, `x`)."""
    cursor: reactive[tuple[int, int] | None] = reactive(None, repaint=False)
    """The probe's cell (column, row of cells), drawn as a cross; None without a probe."""

    class SizeChanged(Message):
        """The picture's size in samples changed: the worker should sample at this size."""

        def __init__(self, columns: int, rows: int) -> None:
            super().__init__()
            self.columns = columns
            self.rows = rows

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_ = Layout(0, 0, 0)
        self._shades: Shades | None = None
        self._rows: list[tuple[int, ...]] = []  # the picture in shades, one row per sample row
        self._points: dict[tuple[int, int], tuple[float, int, bool]] = {}
        self._strips: dict[int, Strip] = {}
        self._identity = ""  # what the run is, as the bottom border says it

    @property
    def shades(self) -> Shades:
        if self._shades is None:
            self._shades = shades_for(self.app.console.color_system, self.app.no_color)
        return self._shades

    def watch_cursor(self, old: tuple[int, int] | None, new: tuple[int, int] | None) -> None:
        for cell in (old, new):
            if cell is not None:
                self._strips.pop(cell[1], None)
                self.refresh(Region(0, cell[1], self.size.width, 1))

    @property
    def domain(self) -> float:
        """The picture shows [-domain, domain]²: 2 for the tutorial, 6 for the Playground."""
        return self.snapshot.domain.high if self.snapshot is not None else 2.0

    def cell_centre(self, cell: tuple[int, int]) -> tuple[float, float]:
        """The point (x, y) at the centre of a cell of the picture."""
        column, row = cell
        columns, rows = max(1, self.layout_.columns), max(1, self.layout_.rows)
        domain = self.domain
        span = 2 * domain
        return (-domain + span * (column + 0.5) / columns, domain - span * (row + 0.5) / rows)

    def cell_of(self, x: float, y: float) -> tuple[int, int]:
        """The cell of the picture that the point (x, y) is drawn in."""
        columns, samples_high = max(1, self.layout_.columns), max(2, 2 * self.layout_.rows)
        column, sample_row = sample_of(x, y, columns, samples_high, self.domain)
        return column, sample_row // 2

    def clamp(self, cell: tuple[int, int]) -> tuple[int, int]:
        column, row = cell
        columns, rows = max(1, self.layout_.columns), max(1, self.layout_.rows)
        return (min(columns - 1, max(0, column)), min(rows - 1, max(0, row)))

    def watch_show_test(self) -> None:
        self._redraw()

    def watch_discrete(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        """Draw the last picture again from scratch (after a change of how it is shown)."""
        snapshot = self.snapshot
        self._rows = []
        self.snapshot = None
        self.snapshot = snapshot

    def on_resize(self) -> None:
        self.layout_ = fit(self.size)
        self._strips.clear()
        self.post_message(self.SizeChanged(self.layout_.columns, 2 * self.layout_.rows))
        if self._rows:  # a picture drawn at the old size goes (blank until the new one comes)
            self.refresh()

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        """Repaint just the rows whose shades differ from the last picture; all of it when the
        run's view changed (`t`, `x`: see `_redraw`). The bottom border says what the run is
        (`Snapshot.identity`), from the frame that follows a key that changed it."""
        if new is not None and new.identity != self._identity:
            self._identity = new.identity
            self.border_subtitle = Text(new.identity)  # plain text, never markup
        if new is not None and (new.view.show_test_data, new.view.discretize) != (
            self.show_test,
            self.discrete,
        ):
            self.set_reactive(PredictionGrid.show_test, new.view.show_test_data)
            self.set_reactive(PredictionGrid.discrete, new.view.discretize)
            self._rows = []
            old = None
        if new is None or (old is not None and old.grid is new.grid):
            return  # the worker sent the same picture again: nothing to draw
        shade_of = self.shades.discrete if self.discrete else self.shades.of
        rows = [tuple(shade_of[level] for level in row) for row in new.grid]
        before, self._rows = self._rows, rows
        self._points = self._points_by_cell(new, rows)
        if old is None or len(before) != len(rows) or old.points is not new.points:
            self._strips.clear()
            self.refresh()
            return
        for row in range(min(self.layout_.rows, len(rows) // 2)):
            top = 2 * row
            if before[top] != rows[top] or before[top + 1] != rows[top + 1]:
                self._strips.pop(row, None)
                self.refresh(Region(0, row, self.size.width, 1))

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        layout = self.layout_
        base = self.rich_style
        if layout.rows == 0 or len(self._rows) != 2 * layout.rows:
            return Strip.blank(self.size.width, base)
        if y < layout.rows:
            strip = self._strips.get(y)
            if strip is None:
                strip = self._strips[y] = self._picture_row(y, base)
            return strip
        if y == layout.rows:
            return self._x_axis(base)
        return Strip.blank(self.size.width, base)

    def _picture_row(self, row: int, base: Style) -> Strip:
        # Read once, not for each cell: a reactive attribute is slow to read, and a row has 60.
        layout, shades, points, cursor = self.layout_, self.shades, self._points, self.cursor
        tick_label = ""
        for tick in TICKS:
            if tick_index(tick, layout.rows) == row:
                tick_label = f"{tick_text(tick, self.domain):>2} "
        segments = [Segment(tick_label.ljust(layout.left), base)]
        upper, lower = self._rows[2 * row], self._rows[2 * row + 1]
        run_text: list[str] = []
        run_style: Style | None = None
        for column in range(min(layout.columns, len(upper))):
            point = points.get((column, row))
            if cursor == (column, row):
                shade = lower[column]
                text, style = CURSOR, CURSOR_STYLE + shades.cell(shade, shade)
                if shades.characters:
                    style = CHARACTER_CURSOR_STYLE
            elif point is not None:
                target, shade, is_test = point
                text, style = (TEST_POINT if is_test else POINT), shades.point(target, shade)
                if shades.characters:
                    text = POINT_CHARACTERS[(target >= 0.5, is_test)]
            else:
                text, style = shades.glyph(upper[column], lower[column])
            if style is not run_style and run_text:
                segments.append(Segment("".join(run_text), run_style))
                run_text = []
            run_style = style
            run_text.append(text)
        if run_text:
            segments.append(Segment("".join(run_text), run_style))
        # Every character here is one cell wide: saying so spares measuring the text again.
        drawn = layout.left + min(layout.columns, len(upper))
        return Strip(segments, drawn).adjust_cell_length(self.size.width, base)

    def _x_axis(self, base: Style) -> Strip:
        layout = self.layout_
        line = [" "] * self.size.width
        for tick in TICKS:
            text = tick_text(tick, self.domain)
            column = layout.left + tick_index(-tick, layout.columns)  # x grows to the right
            start = min(max(0, column - len(text) + 1), self.size.width - len(text))
            line[start : start + len(text)] = text
        return Strip([Segment("".join(line), base)], self.size.width)

    def _points_by_cell(
        self, snapshot: Snapshot, rows: list[tuple[int, ...]]
    ) -> dict[tuple[int, int], tuple[float, int, bool]]:
        """Which cell each data point falls in: its label, the shade under it, whether a test point.

        Training points are drawn over test points that share a cell.
        """
        samples_high = len(rows)
        columns = len(rows[0]) if rows else 0
        cells: dict[tuple[int, int], tuple[float, int, bool]] = {}
        if columns == 0:
            return cells
        groups = [(snapshot.test_points, True)] if self.show_test else []
        for points, is_test in [*groups, (snapshot.points, False)]:
            for x, y, label in points:
                column, sample_row = sample_of(x, y, columns, samples_high, snapshot.domain.high)
                cells[(column, sample_row // 2)] = (label, rows[sample_row][column], is_test)
        return cells
