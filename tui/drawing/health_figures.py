"""The health view's text: each layer's figures over time, as sparklines, beside the loss.

    every 83 steps, 3 so far
     loss      ▅▅▅     0.1736
               flat
    layer 1 sigmoid, 4 neurons
     saturated ▁▁▁        0/4
     gradient  ███      2e-15
     update/w  ███      3e-13
    output sigmoid
     saturated ███        1/1
     gradient  ▁▁▁      1e-15
     update/w  ▁▁▁      5e-15
    wrong now:
     saturated (output)
     flat

A sparkline is one bar (▁ to █) per measurement, the last on the right, legible without
colour. Shares (saturated neurons, dead relus) go from none (▁) to all (█); the gradient and
the update-to-weight ratio are drawn on a log scale shared by every layer, so that a layer
that gets a thousandth of another's gradient stands out; the loss on a log scale of its own.
What each figure means, and its threshold, is in `scratchnet.health` and the README.
"""

import math
from collections.abc import Sequence

from scratchnet.activations import activation_named
from scratchnet.diagnosis import Diagnosis, power_text
from scratchnet.health import LayerHealth
from tui.drawing.numbers import fixed
from tui.snapshot import HealthFrame

BARS = "▁▂▃▄▅▆▇█"
LABEL = 11  # " saturated " and the like
VALUE = 6  # "0.1736", "3e-5", "8/8"


def sparkline(values: Sequence[float], width: int, low: float, high: float, log: bool) -> str:
    """The last `width` values as bars from `low` (▁) to `high` (█), on a log scale if `log`;
    a value that is not a number is a blank, one at or below 0 on a log scale the lowest bar."""
    bars = []
    for value in values[-width:] if width > 0 else ():
        if math.isnan(value):
            bars.append(" ")
            continue
        bars.append(BARS[_rung(value, low, high, log)])
    return "".join(bars)


def _rung(value: float, low: float, high: float, log: bool) -> int:
    if log:
        if value <= 0 or low <= 0 or high <= 0:
            return 0
        value, low, high = math.log10(value), math.log10(low), math.log10(high)
    if high <= low:
        return len(BARS) // 2 if value >= high else 0
    share = (min(high, max(low, value)) - low) / (high - low)
    return round(share * (len(BARS) - 1))


def layer_name(index: int, layers: int) -> str:
    """ "output" for the last layer, "layer 2" for a hidden one (counted from 1)."""
    return "output" if index == layers - 1 else f"layer {index + 1}"


def where(diagnosis: Diagnosis, layers: int) -> str:
    """The layer a diagnosis names, in a word or two; "" for the run as a whole."""
    return "" if diagnosis.layer is None else layer_name(diagnosis.layer, layers)


def health_lines(frame: HealthFrame, width: int) -> list[str]:
    """The health view's lines, each at most `width` cells (see the module)."""
    history = frame.history
    unit = frame.unit + ("" if frame.every == 1 else "s")
    if not history:
        every = f"every {frame.every} {unit}" if frame.every else "every few steps"
        return _cut([f"measured {every}:", "nothing measured yet"], width)
    spark = max(3, width - LABEL - VALUE - 1)
    lines = [f"every {frame.every} {unit}, {len(history)} so far"]
    losses = [health.loss for health in history]
    finite = [loss for loss in losses if math.isfinite(loss) and loss > 0]
    low, high = (min(finite), max(finite)) if finite else (1.0, 1.0)
    loss_now = fixed(losses[-1], 4) if math.isfinite(losses[-1]) else "-"
    lines.append(_row("loss", sparkline(losses, spark, low, high, log=True), loss_now, spark))
    lines.append(f"{'':{LABEL}}{history[-1].trend.kind}")
    gradients = _range([layer.gradient for health in history for layer in health.layers])
    updates = _range([layer.update_ratio for health in history for layer in health.layers])
    last = history[-1]
    for index, layer in enumerate(last.layers):
        lines.append(_layer_title(index, layer, len(last.layers)))
        series = [health.layers[index] for health in history if index < len(health.layers)]
        lines += _layer_rows(series, layer, spark, gradients, updates)
    wrong = [
        f" {found.kind} ({where(found, len(last.layers))})"
        if found.layer is not None
        else f" {found.kind}"
        for found in frame.findings
    ]
    lines += ["wrong now:", *wrong] if wrong else ["nothing wrong now"]
    return _cut(lines, width)


def _layer_title(index: int, layer: LayerHealth, layers: int) -> str:
    name = layer_name(index, layers)
    count = f", {layer.size} neurons" if layer.size > 1 else ""
    return f"{name} {layer.activation}{count}"


def _layer_rows(
    series: list[LayerHealth],
    layer: LayerHealth,
    spark: int,
    gradients: tuple[float, float],
    updates: tuple[float, float],
) -> list[str]:
    """A layer's rows: its saturated share (sigmoid, tanh) or dead relus (relu), its gradient,
    its update-to-weight ratio."""
    rows = []
    if activation_named(layer.activation).limits is not None:
        shares = [each.saturated_share for each in series]
        count = f"{layer.saturated_count}/{layer.size}"
        rows.append(_row("saturated", sparkline(shares, spark, 0.0, 1.0, False), count, spark))
    if layer.activation == "relu":
        shares = [each.dead_count / each.size for each in series]
        count = f"{layer.dead_count}/{layer.size}"
        rows.append(_row("dead", sparkline(shares, spark, 0.0, 1.0, False), count, spark))
    sizes = [each.gradient for each in series]
    bars = sparkline(sizes, spark, *gradients, log=True)
    rows.append(_row("gradient", bars, power_text(layer.gradient), spark))
    ratios = [each.update_ratio for each in series]
    bars = sparkline(ratios, spark, *updates, log=True)
    rows.append(_row("update/w", bars, power_text(layer.update_ratio), spark))
    return rows


def _row(label: str, bars: str, value: str, spark: int) -> str:
    return f" {label:<{LABEL - 1}}{bars:<{spark}} {value:>{VALUE}}"


def _range(values: list[float]) -> tuple[float, float]:
    """The lowest and highest positive finite values (the log scale's ends)."""
    positive = [value for value in values if math.isfinite(value) and value > 0]
    return (min(positive), max(positive)) if positive else (1.0, 1.0)


def _cut(lines: list[str], width: int) -> list[str]:
    return [line if len(line) <= width else line[: max(0, width - 1)] + "…" for line in lines]
