"""The ladder of learning rates that `+` and `-` climb.

TensorFlow Playground's rungs, extended up to 100: sigmoid with square loss learns slowly, and
the tutorial itself trains at 10.
"""

LADDER = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


def rung_above(learning_rate: float) -> float | None:
    """The first rung above `learning_rate` (which may be a typed value between rungs)."""
    return next((rung for rung in LADDER if rung > learning_rate * (1 + 1e-9)), None)


def rung_below(learning_rate: float) -> float | None:
    """The first rung below `learning_rate`, or None at the bottom."""
    return next((rung for rung in reversed(LADDER) if rung < learning_rate * (1 - 1e-9)), None)
