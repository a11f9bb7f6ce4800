"""The probe panel: one point's trip through the network, forward and backward, in numbers.

Every number comes from `scratchnet.probe`, which reads them off the network's own forward and
backward passes: what you see here is what training computes.
"""

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from scratchnet.features import LABELS
from scratchnet.probe import Probe
from tui.drawing.numbers import fixed
from tui.snapshot import Snapshot


def number(value: float) -> str:
    return fixed(value, 4, signed=True) if abs(value) >= 1e-3 or value == 0 else f"{value:+.2e}"


def loss_number(value: float) -> str:
    """A loss, in full enough to see it is not zero."""
    return fixed(value, 6) if value >= 1e-4 else f"{value:.3e}"


def probe_text(seen: Probe) -> Text:
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
            self.update(probe_text(new.probe))
