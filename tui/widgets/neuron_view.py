"""The neuron view: every neuron's own output over the run's square, layer by layer, with its
numbers.

Like TensorFlow Playground's thumbnails, but with the bias and the incoming weights written
out: a learner sees what each neuron has learnt to detect and which inputs it listens to.
Arrow keys choose a neuron; Enter draws it full size in the main picture.
"""

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.drawing.colours import Shades, shades_for
from tui.drawing.numbers import fixed
from tui.snapshot import NeuronPicture, Snapshot

POSITIVE, NEGATIVE = "#5dade2", "#f59322"  # the Playground's blue and orange, for signs


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

    def _draw(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or not snapshot.neurons:
            self.update(Text("Every neuron's output appears here (i closes).", style="dim"))
            return
        shades = shades_for(self.app.console.color_system, self.app.no_color)
        sizes = self.layer_sizes()
        table = Table(box=None, show_header=True, padding=(0, 1), expand=False)
        for layer in range(len(sizes)):
            title = "output" if layer == len(sizes) - 1 else f"layer {layer + 1}"
            table.add_column(title, no_wrap=True, min_width=14)
        by_place = {(p.layer, p.index): p for p in snapshot.neurons}
        for index in range(max(sizes)):
            cells: list[Group | Text] = []
            for layer in range(len(sizes)):
                picture = by_place.get((layer, index))
                if picture is None:
                    cells.append(Text(""))
                    continue
                selected = (layer, index) == self.selected
                cells.append(Group(thumbnail(picture, shades), caption(picture, selected)))
            table.add_row(*cells)
        self.update(table)
