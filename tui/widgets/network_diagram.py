"""The network diagram pane: features, neurons and the output as pictures, weights as links.

Everything is laid out and drawn by `tui.drawing.diagram`; this widget only keeps the last frame's
cells and repaints just the runs of cells that changed. Over SSH every repainted cell is bytes
on the wire, and while training most of the diagram keeps still: the feature pictures never
change, and a link's colour changes only when its weight crosses a third of the largest one.
"""

from dataclasses import replace

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.drawing.colours import RGB, shades_for
from tui.drawing.diagram import DARK, Cells, changed_spans, draw, merge
from tui.drawing.diagram_cursor import Cursor, clamp, move, start
from tui.drawing.diagram_layout import Layout, lay_out
from tui.snapshot import DiagramFrame


class NetworkDiagram(Widget):
    """The diagram of the network in `frame`, fitted to the widget's size."""

    DEFAULT_CSS = """
    NetworkDiagram {
        width: 1fr;
        height: 1fr;
    }
    """

    frame: reactive[DiagramFrame | None] = reactive(None, repaint=False)
    cursor: reactive[Cursor | None] = reactive(None, repaint=False)
    """The chosen node or link. Kept here, not in the worker, so moving it is immediate; it is
    drawn over each frame (in place of the frame's own `cursor`) and kept inside its shape."""

    class SizeChanged(Message):
        """The pictures' size in samples (or the pane's, `pane`: width and height in cells)
        changed: the worker should sample them at this size (and count cells for this pane)."""

        def __init__(self, columns: int, rows: int, pane: tuple[int, int] = (0, 0)) -> None:
            super().__init__()
            self.columns = columns
            self.rows = rows
            self.pane = pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_: Layout | None = None
        self._cells: Cells = []  # the last frame, cell by cell
        self._strips: dict[int, Strip] = {}
        self._early_moves: list[str] = []  # keys that came before the first frame

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the network drawn now: (inputs, hidden sizes..., 1)."""
        return self.frame.shape if self.frame is not None else (1, 1)

    @property
    def samples(self) -> tuple[int, int]:
        """The size, in samples, the pictures are drawn at now."""
        return self.layout_.samples if self.layout_ is not None else (0, 0)

    def on_resize(self) -> None:
        self._lay_out()

    def watch_frame(self, old: DiagramFrame | None, new: DiagramFrame | None) -> None:
        if new is None or new is old:
            return
        if self._early_moves:
            for key in self._early_moves:
                self.cursor = move(self.cursor, new.shape, key, new.off)
            self._early_moves = []
        if old is None or old.shape != new.shape or self.layout_ is None:
            self._lay_out()
        else:
            self._draw(new)

    def watch_cursor(self) -> None:
        if self.frame is not None:
            self._draw(self.frame)

    def move_cursor(self, key: str) -> None:
        """Move the cursor by a key: up, down, left, right, tab or shift+tab (see `move`).
        A key typed before the first frame has come (`v` then a move, in one burst) is kept
        and applied when it comes: the shape it moves in is not known until then."""
        if self.frame is not None:
            self.cursor = move(self.cursor, self.frame.shape, key, self.frame.off)
        else:
            self._early_moves.append(key)

    def chosen(self) -> Cursor:
        """The node or link the cursor is on, kept inside the network drawn now; the first
        neuron if there was none (the cursor is then put there, so what is edited shows)."""
        shape = self.shape
        off = self.frame.off if self.frame is not None else frozenset()
        cursor = clamp(self.cursor, shape, off) or start(shape)
        if cursor != self.cursor:
            self.cursor = cursor
        return cursor

    def _lay_out(self) -> None:
        """Lay the diagram out for this size and network, and draw it all again."""
        frame, (width, height) = self.frame, self.size
        if frame is None or width == 0 or height == 0:
            return
        before = (self.samples, self.layout_.width, self.layout_.height) if self.layout_ else None
        self.layout_ = lay_out(frame.shape, width, height)
        self._cells, self._strips = [], {}
        if (self.samples, width, height) != before:
            self.post_message(self.SizeChanged(*self.layout_.samples, (width, height)))
        self._draw(frame)
        self.refresh()

    def _draw(self, frame: DiagramFrame) -> None:
        """Draw the frame; mark for repainting only the cells that differ from the last one's."""
        layout = self.layout_
        if layout is None:
            return
        if self.cursor is not None:
            frame = replace(frame, cursor=clamp(self.cursor, frame.shape, frame.off))
        color_system = self.app.console.color_system
        shades = shades_for(color_system)
        cells = draw(frame, layout, shades, color_system, Style(), self._background())
        before, self._cells = self._cells, cells
        for y, line in enumerate(cells):
            spans = changed_spans(before[y], line) if y < len(before) else [range(len(line))]
            if spans:
                self._strips.pop(y, None)
                self.refresh(*(Region(span.start, y, len(span), 1) for span in spans))

    def _background(self) -> RGB:
        colour = self.rich_style.bgcolor
        if colour is None:
            return DARK
        triplet = colour.get_truecolor()
        return (triplet.red, triplet.green, triplet.blue)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y >= len(self._cells):
            return Strip.blank(self.size.width, base)
        strip = self._strips.get(y)
        if strip is None:
            line = self._cells[y]
            segments = list(Segment.apply_style(merge(line), base))
            strip = Strip(segments, len(line)).adjust_cell_length(self.size.width, base)
            self._strips[y] = strip
        return strip
