"""The probe panel: one point's trip through the network, forward and backward, in numbers.

Every number comes from `scratchnet.probe`, which reads them off the network's own forward and
backward passes: what you see here is what training computes. A neuron at a limit of its
activation at this point (`scratchnet.health.at_limit`: saturated, its slope near 0) is named.
"""

from collections.abc import Sequence

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


def probe_text(seen: Probe, activations: Sequence[str] = ()) -> Text:
    text = Text()
    text.append(f"at x = {seen.x:+.3f}, y = {seen.y:+.3f}\n", style="bold")
    names = [LABELS.get(name, name) for name in seen.features]
    text.append("inputs  ")
    text.append("  ".join(f"{n} {number(v)}" for n, v in zip(names, seen.inputs)) + "\n")
    last = len(seen.layers) - 1
    for depth, layer in enumerate(seen.layers):
        title = "output" if depth == last else f"layer {depth + 1}"
        text.append(f"{title:<8}")
        text.append("  ".join(number(neuron.output) for neuron in layer) + "\n")
    text.append(f"f(x, y) = {fixed(seen.output, 4)}\n", style="bold")
    saturated = saturated_here(seen, activations)
    if saturated:
        text.append(f"{saturated}\n")
    back = seen.backward
    if back is None:
        text.append("\nNot a training point: move onto a dot for the backward pass.", style="dim")
        return text
    text.append(f"\ntraining point, target {back.target:g}\n", style="bold")
    if back.halved:  # the Playground's loss
        text.append(f"loss ½ (f - target)² = {loss_number(back.loss)}\n")
        text.append(f"d loss / d f = f - target = {number(back.d_output)}\n")
    else:
        text.append(f"loss (f - target)² = {loss_number(back.loss)}\n")
        text.append(f"d loss / d f = 2 (f - target) = {number(back.d_output)}\n")
    text.append("backward, last layer first:\n", style="bold")
    for depth in range(last, -1, -1):
        title = "output" if depth == last else f"layer {depth + 1}"
        for index, neuron in enumerate(back.layers[depth]):
            text.append(
                f"{title} n{index + 1}  d_z {number(neuron.d_z)}  d_b {number(neuron.d_bias)}\n"
            )
            weights = "  ".join(number(w) for w in neuron.d_weights)
            text.append(f"  d_w {weights}\n", style="dim")
    return text


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
