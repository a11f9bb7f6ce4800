"""Activation functions: what turns a neuron's weighted sum z into its output.

The tutorial uses sigmoid, which squashes any number into (0, 1), so the network's output can be
read as "how sure am I that this point is inside the circle". The output neuron always uses it.
Hidden neurons can use one of the others TensorFlow Playground offers: tanh, relu or linear.

Each activation comes with its slope (its derivative), which backpropagation needs. We write the
slope in terms of the *output* a = f(z) rather than z, because a neuron keeps its output from the
forward pass anyway: sigmoid's slope is a * (1 - a), tanh's is 1 - a², relu's is 1 where a > 0.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from math import exp


def sigmoid(z: float) -> float:
    """1 / (1 + e^-z), the tutorial's formula, exactly.

    For z below about -709, e^-z is too big for a float and `exp` raises OverflowError. The true
    answer there is 0 to within 1e-300, so we return 0.0 instead of crashing. Everywhere else
    the result is bit-for-bit the tutorial's.
    """
    try:
        return 1 / (1 + exp(-z))
    except OverflowError:
        return 0.0


def sigmoid_slope(output: float) -> float:
    """Sigmoid's slope, from its output a: a * (1 - a)."""
    return output * (1 - output)


def tanh_slope(output: float) -> float:
    """tanh's slope, from its output a: 1 - a². tanh itself is `math.tanh`, in (-1, 1)."""
    return 1 - output * output


def relu(z: float) -> float:
    """max(0, z): zero for negative sums, the sum itself otherwise.

    Written so that a NaN goes through as NaN (max(0.0, nan) would hide it as 0.0), and so a
    run that blew up is noticed instead of quietly training on nonsense.
    """
    return 0.0 if z < 0 else z


def relu_slope(output: float) -> float:
    """relu's slope, from its output: 1 where the neuron is on (output > 0), else 0."""
    return 1.0 if output > 0 else 0.0


def linear(z: float) -> float:
    """The identity: the neuron passes its weighted sum on unchanged."""
    return z


def linear_slope(output: float) -> float:
    """The identity's slope is 1 everywhere."""
    return 1.0


@dataclass(frozen=True)
class Activation:
    """An activation function with its name and its slope (written in terms of its output).

    `limits` are the two values a squashing activation's output approaches and never reaches,
    (0, 1) for sigmoid and (-1, 1) for tanh; None for relu and linear, which are unbounded
    above. Near a limit the slope is almost 0, so a neuron held there learns almost nothing:
    `scratchnet.health` calls it saturated.
    """

    name: str
    function: Callable[[float], float]
    slope: Callable[[float], float]
    limits: tuple[float, float] | None = None


SIGMOID = Activation("sigmoid", sigmoid, sigmoid_slope, limits=(0.0, 1.0))
TANH = Activation("tanh", math.tanh, tanh_slope, limits=(-1.0, 1.0))
RELU = Activation("relu", relu, relu_slope)
LINEAR = Activation("linear", linear, linear_slope)

# Every activation a hidden layer can use, by the name the options and the app use.
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU, LINEAR)}


def activation_named(name: str) -> Activation:
    """The activation called `name`, or ValueError listing the names there are."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"activation must be one of {known}, got {name!r}") from None
