"""The probe panel: one point's trip through the network, forward and backward, in numbers.

Every number comes from `scratchnet.probe`, which reads them off the network's own forward and
backward passes: what you see here is what training computes. Each value stands on a row that
names it, wrapping in its own column where the pane is narrow (80x24). A neuron at a limit of its
activation at this point (`scratchnet.health.at_limit`: saturated, its slope near 0) is named.
"""

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from scratchnet.activations import activation_named
from scratchnet.features import LABELS
from scratchnet.health import LOW, at_limit
from scratchnet.probe import Probe
from tui.drawing.numbers import fixed
from tui.snapshot import Snapshot


def number(value: float) -> str:
    return fixed(value, 4, signed=True) if abs(value) >= 1e-3 or value == 0 else f"{value:+.2e}"


def loss_number(value: float) -> str:
    """A loss, in full enough to see it is not zero."""
    return fixed(value, 6) if value >= 1e-4 else f"{value:.3e}"


def saturated_here(seen: Probe, activations: Sequence[str]) -> str:
    """The neurons at a limit of their activation at the probed point, "" if none:
    'saturated here (slope near 0): neuron 1.2 at -1, output at 0'."""
    last = len(seen.layers) - 1
    found = []
    for depth, (layer, activation) in enumerate(zip(seen.layers, activations)):
        limits = activation_named(activation).limits
        for index, neuron in enumerate(layer):
            side = at_limit(activation, neuron.output)
            if side is None or limits is None:
                continue
            name = "output" if depth == last else f"neuron {depth + 1}.{index + 1}"
            found.append(f"{name} at {limits[0] if side == LOW else limits[1]:g}")
    return f"saturated here (slope near 0): {', '.join(found)}" if found else ""


def labelled() -> Table:
    """Rows of a name and its values: values too many for one line wrap inside their column,
    under the name's row, never onto a line of their own with no name (80x24)."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold", ratio=1)
    return table


def probe_text(seen: Probe, activations: Sequence[str] = ()) -> Group:
    """The probe's forward pass, then (at a training point) its loss and backward pass, last
    layer first; every value on a row that names it."""
    parts: list[Text | Table] = [Text(f"at x = {seen.x:+.3f}, y = {seen.y:+.3f}", style="bold")]
    forward = labelled()
    names = [LABELS.get(name, name).replace(" ", "") for name in seen.features]
    forward.add_row("inputs", "  ".join(f"{n}={number(v)}" for n, v in zip(names, seen.inputs)))
    last = len(seen.layers) - 1
    for depth, layer in enumerate(seen.layers):
        title = "output" if depth == last else f"layer {depth + 1}"
        forward.add_row(title, "  ".join(number(neuron.output) for neuron in layer))
    parts += [forward, Text(f"f(x, y) = {fixed(seen.output, 4)}", style="bold")]
    saturated = saturated_here(seen, activations)
    if saturated:
        parts.append(Text(saturated))
    back = seen.backward
    if back is None:
        parts.append(
            Text("\nNot a training point: move onto a dot for the backward pass.", style="dim")
        )
        return Group(*parts)
    parts.append(Text(f"\ntraining point, target {back.target:g}", style="bold"))
    loss = labelled()
    if back.halved:  # the Playground's loss
        loss.add_row("loss", f"½ (f - target)² = {loss_number(back.loss)}")
        loss.add_row("d/df", f"f - target = {number(back.d_output)}")
    else:
        loss.add_row("loss", f"(f - target)² = {loss_number(back.loss)}")
        loss.add_row("d/df", f"2 (f - target) = {number(back.d_output)}")
    parts += [loss, Text("backward, output first:", style="bold")]
    backward = labelled()
    for depth in range(last, -1, -1):
        title = "output" if depth == last else f"layer {depth + 1}"
        for index, neuron in enumerate(back.layers[depth]):
            backward.add_row(
                f"{title} n{index + 1}",
                f"d_z={number(neuron.d_z)}  d_b={number(neuron.d_bias)}",
            )
            weights = "  ".join(number(w) for w in neuron.d_weights)
            backward.add_row(Text("  d_w", style="dim"), Text(weights, style="dim"))
    parts.append(backward)
    return Group(*parts)


class ProbePanel(Static):
    """Shows the snapshot's probe; arrows move the probe on the picture."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        if new is None or (old is not None and old.probe == new.probe):
            return
        if new.probe is None:
            self.update(Text("Press p to probe a point of the picture.", style="dim"))
        else:
            self.update(probe_text(new.probe, new.activations))
