"""Regularisation: a steady pull of every weight towards zero, so the network keeps them small.

Big weights let a network bend its boundary around every single training point, noise included;
small weights give smoother boundaries that do better on points it has not seen. TensorFlow
Playground offers two pulls, and so do we:

- L1 adds rate * |w| to the loss for every weight: a pull of the same size whatever the weight,
  which drives unhelpful weights all the way to zero.
- L2 adds rate * w² / 2: a pull proportional to the weight, which shrinks big ones most.

Biases are left alone, as in the Playground. The trainer adds rate * R'(w) to each weight's
gradient before the update. The losses it reports (train and test) are the data loss alone, so
they mean the same with or without regularisation; the penalty itself is `penalty` below.

Beware a big rate: with L2 each step multiplies every weight by (1 - learning_rate * rate)
before the data has its say. Past learning_rate * rate = 2 that factor is below -1, so the
weights flip sign and grow every step until they overflow: the run diverges.
"""

from collections.abc import Callable
from dataclasses import dataclass

from scratchnet.network import Network

# The rates the Playground offers, smallest first: handy steps for a program that changes it.
RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def l1_penalty(weight: float) -> float:
    """|w|."""
    return abs(weight)


def l1_slope(weight: float) -> float:
    """The slope of |w|: +1 for positive weights, -1 for negative ones, 0 at exactly zero."""
    if weight > 0:
        return 1.0
    if weight < 0:
        return -1.0
    return 0.0


def l2_penalty(weight: float) -> float:
    """w² / 2 (the half makes the slope simply w)."""
    return 0.5 * weight * weight


def l2_slope(weight: float) -> float:
    """The slope of w² / 2: w itself."""
    return weight


@dataclass(frozen=True)
class Regulariser:
    """A penalty on one weight, R(w), with its slope R'(w)."""

    name: str
    penalty: Callable[[float], float]
    slope: Callable[[float], float]


L1 = Regulariser("l1", l1_penalty, l1_slope)
L2 = Regulariser("l2", l2_penalty, l2_slope)

# Every choice, by the name the options use; "none" (the tutorial's) has no regulariser.
REGULARISATIONS: dict[str, Regulariser | None] = {"none": None, "l1": L1, "l2": L2}


def regulariser_named(name: str) -> Regulariser | None:
    """The regulariser called `name` (None for "none"), or ValueError listing the names."""
    try:
        return REGULARISATIONS[name]
    except KeyError:
        known = ", ".join(REGULARISATIONS)
        raise ValueError(f"regularisation must be one of {known}, got {name!r}") from None


def add_gradients(network: Network, regulariser: Regulariser, rate: float) -> None:
    """Add rate * R'(w) to the gradient of every weight of the network (biases untouched)."""
    slope = regulariser.slope
    for layer in network.layers:
        for neuron in layer:
            d_weights = neuron.d_weights
            for i, weight in enumerate(neuron.weights):
                d_weights[i] += rate * slope(weight)


def penalty(network: Network, regulariser: Regulariser | None, rate: float) -> float:
    """rate * (the sum of R(w) over every weight): what regularisation adds to the loss."""
    if regulariser is None:
        return 0.0
    total = 0.0
    for layer in network.layers:
        for neuron in layer:
            for weight in neuron.weights:
                total += regulariser.penalty(weight)
    return rate * total
