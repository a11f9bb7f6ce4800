"""The activation function: what turns a neuron's weighted sum into its output.

The tutorial uses sigmoid, which squashes any number into (0, 1), so the network's output can be
read as "how sure am I that this point is inside the circle".
"""

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


def sigmoid_derivative(z: float) -> float:
    """The slope of sigmoid at z: s * (1 - s) with s = sigmoid(z).

    A neuron already knows s from its forward pass, so `Neuron.backward` uses s * (1 - s)
    directly instead of calling this; it is here to name the idea and to test against.
    """
    s = sigmoid(z)
    return s * (1 - s)
