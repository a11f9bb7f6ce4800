"""Round numbers for the loss plot's axes.

The step axis ends at a round number and jumps to the next one only when the run passes it, so
between jumps the curve already drawn stays where it is and only its new end is sent to the
terminal.
"""

import math


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value`."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= value))


def step_ticks(span: int, count: int = 5) -> list[int]:
    """Round step numbers from 0 to `span`: 0, 500, 1000, ... (1, 2 or 5 times 10^k)."""
    spacing = nice_ceiling(max(1.0, span / (count - 1)))
    return list(range(0, span + 1, spacing))


MOST_POWERS = 12  # more powers of ten than this on the loss axis, and only every 2nd, 5th, ... is


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions (log10 values) at whole powers of ten covering [low, high], and labels.

    The labels are padded to one width, so the plot does not shift sideways when the loss
    reaches a new power of ten. A span of more than MOST_POWERS powers (a run file's loss of
    1e+308, say) is labelled every 2, 5, 10, 20, ... powers, so that the labels stay apart.
    """
    spacing = nice_ceiling((math.ceil(high) - math.floor(low)) / MOST_POWERS)
    first, last = math.floor(low / spacing), math.ceil(high / spacing)
    if first == last:
        first, last = first - 1, last + 1
    powers = [spacing * k for k in range(first, last + 1)]
    return [float(p) for p in powers], [power_label(p).rjust(6) for p in powers]


def power_label(power: int) -> str:
    """10 to the `power`, as the axis writes it: 0.001, 1, 1000, 1e+06, 1e-05, and 1e+309 or
    1e-324 too, though no float is that large or that small."""
    return f"{10.0**power:g}" if -4 <= power <= 5 else f"1e{power:+03d}"
