"""The neuron view: every neuron's own output over the run's square, layer by layer, with its
numbers.

Like TensorFlow Playground's thumbnails, but with the bias and the incoming weights written
out: a learner sees what each neuron has learnt to detect and which inputs it listens to.
Arrow keys choose a neuron; Enter draws it full size in the main picture. Where the pane is too
narrow for the layers side by side (80x24), they stand one under the other.
"""

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.reactive import reactive
from textual.widgets import Static

from tui.drawing.colours import Shades, shades_for
from tui.drawing.numbers import fixed
from tui.snapshot import NeuronPicture, Snapshot

POSITIVE, NEGATIVE = "#5dade2", "#f59322"  # the Playground's blue and orange, for signs
CELL = 14  # a neuron's column: its caption, "▶ 1.1 b +0.00" and "w +0.34 +0.26"


def signed(value: float) -> Text:
    """A number coloured by its sign, with two significant decimals."""
    return Text(fixed(value, 2, signed=True), style=POSITIVE if value >= 0 else NEGATIVE)


def thumbnail(picture: NeuronPicture, shades: Shades) -> Text:
    """The neuron's picture in half blocks: two rows of samples per line of text."""
    text = Text()
    grid = picture.grid
    for top in range(0, len(grid) - 1, 2):
        for upper, lower in zip(grid[top], grid[top + 1]):
            up, down = shades.of[upper], shades.of[lower]
            text.append(*shades.glyph(up, down))
        text.append("\n")
    return text


def caption(picture: NeuronPicture, selected: bool) -> Text:
    name = "output" if picture.index == 0 and not picture.weights else ""
    text = Text("▶ " if selected else "  ", style="bold")
    text.append(
        f"{picture.layer + 1}.{picture.index + 1}{name} ",
        style="bold underline" if selected else "bold",
    )
    text.append("b ")
    text.append_text(signed(picture.bias))
    for start in range(0, min(len(picture.weights), 6), 2):
        text.append("\nw " if start == 0 else "\n  ")
        for weight in picture.weights[start : start + 2]:
            text.append_text(signed(weight))
            text.append(" ")
    if len(picture.weights) > 6:
        text.append(f"\n  +{len(picture.weights) - 6} more", style="dim")
    return text


class NeuronView(Static):
    """All neurons, one column per layer; `selected` is (layer, index)."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    selected: reactive[tuple[int, int]] = reactive((0, 0), repaint=False)

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        if new is not None and (old is None or old.neurons is not new.neurons):
            self._draw()

    def watch_selected(self) -> None:
        self._draw()
        self.call_after_refresh(self._show_selected)

    def _show_selected(self) -> None:
        """Scroll the pane to the chosen neuron (its caption, marked ▶, and its picture above):
        layers one under the other reach below the pane's foot at 80x24."""
        pane = self.parent
        if not isinstance(pane, ScrollableContainer):
            return
        lines = self.render_lines(Region(0, 0, self.size.width, self.size.height))
        for y, line in enumerate(lines):
            if "▶" in line.text:
                pane.scroll_to_region(Region(0, max(0, y - 8), 1, 11), animate=False)
                return

    def layer_sizes(self) -> list[int]:
        snapshot = self.snapshot
        if snapshot is None or not snapshot.neurons:
            return []
        sizes: dict[int, int] = {}
        for picture in snapshot.neurons:
            sizes[picture.layer] = max(sizes.get(picture.layer, 0), picture.index + 1)
        return [sizes[layer] for layer in sorted(sizes)]

    def move(self, layers: int, neurons: int) -> None:
        """Select the neuron `layers` columns and `neurons` rows away, staying inside the net."""
        sizes = self.layer_sizes()
        if not sizes:
            return
        layer, index = self.selected
        layer = min(len(sizes) - 1, max(0, layer + layers))
        index = min(sizes[layer] - 1, max(0, index + neurons))
        self.selected = (layer, index)

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or not snapshot.neurons:
            self.update(Text("Every neuron's output appears here (i closes).", style="dim"))
            return
        shades = shades_for(self.app.console.color_system, self.app.no_color)
        sizes = self.layer_sizes()
        by_place = {(p.layer, p.index): p for p in snapshot.neurons}

        def cell(layer: int, index: int) -> Group | Text:
            picture = by_place.get((layer, index))
            if picture is None:
                return Text("")
            selected = (layer, index) == self.selected
            return Group(thumbnail(picture, shades), caption(picture, selected))

        across = max(1, (self.size.width + 1) // (CELL + 1))
        if across >= len(sizes):  # every layer side by side, a column each
            table = Table(box=None, show_header=True, padding=(0, 1), expand=False)
            for layer in range(len(sizes)):
                table.add_column(layer_title(layer, len(sizes)), no_wrap=True, min_width=CELL)
            for index in range(max(sizes)):
                table.add_row(*(cell(layer, index) for layer in range(len(sizes))))
            self.update(table)
            return
        # Too narrow for every layer side by side (80x24): one layer under the other, its
        # neurons in rows of as many as fit, so no layer is cut off at the pane's edge.
        parts: list[Table | Text] = []
        for layer, size in enumerate(sizes):
            parts.append(Text(layer_title(layer, len(sizes)), style="bold"))
            table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
            for _ in range(min(across, size)):
                table.add_column(no_wrap=True, min_width=CELL)
            for start in range(0, size, across):
                row = [cell(layer, index) for index in range(start, min(size, start + across))]
                table.add_row(*row)
            parts.append(table)
        self.update(Group(*parts))


def layer_title(layer: int, layers: int) -> str:
    return "output" if layer == layers - 1 else f"layer {layer + 1}"
