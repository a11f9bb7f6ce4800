"""Input features: what the network is shown about a point (x, y).

The tutorial feeds the network x and y. TensorFlow Playground lets you feed it more: x², y², xy,
sin x and sin y, computed from the point before the network sees it. With x² and y² a single
neuron can learn the circle, because "x² + y² < 1" is a straight line in those two numbers.

A run's features are a tuple of names, in the order they become the network's inputs.
"""

import math
from collections.abc import Callable, Sequence

# Each feature, by the name the options use, as a function of the point.
FEATURES: dict[str, Callable[[float, float], float]] = {
    "x": lambda x, y: x,
    "y": lambda x, y: y,
    "x2": lambda x, y: x * x,
    "y2": lambda x, y: y * y,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: math.sin(x),
    "siny": lambda x, y: math.sin(y),
}

# How to write each feature for people, as the Playground labels them.
LABELS: dict[str, str] = {
    "x": "x",
    "y": "y",
    "x2": "x²",
    "y2": "y²",
    "xy": "xy",
    "sinx": "sin x",
    "siny": "sin y",
}

# The tutorial's inputs.
DEFAULT_FEATURES: tuple[str, ...] = ("x", "y")


def check_features(names: Sequence[str]) -> tuple[str, ...]:
    """The names as a tuple, or ValueError if there are none, or one is unknown or repeated."""
    if not names:
        raise ValueError("features must name at least one of " + ", ".join(FEATURES))
    for name in names:
        if name not in FEATURES:
            known = ", ".join(FEATURES)
            raise ValueError(f"unknown feature {name!r}: features are {known}")
    if len(set(names)) != len(names):
        raise ValueError(f"each feature may be listed once, got {','.join(names)}")
    return tuple(names)


def expand(x: float, y: float, names: Sequence[str]) -> list[float]:
    """The network's inputs for the point (x, y): one number per feature, in order.

    With the default features this is just [x, y], the tutorial's inputs.
    """
    return [FEATURES[name](x, y) for name in names]
