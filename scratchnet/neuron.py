"""One neuron: a weighted sum of its inputs plus a bias, squashed by an activation function.

It also remembers what it saw in the forward pass, because the backward pass needs it to work
out how each weight should change.

`Neuron` is the tutorial's, with sigmoid written into its forward and backward passes.
`NeuronWithActivation` is the same neuron with any other activation (tanh, relu, linear): it asks
its `Activation` for the function and the slope, one function call more per sample. The tutorial's
run uses only sigmoid neurons, so it does not pay for that; `new_neuron` picks the right class.
"""

import random

from scratchnet.activations import SIGMOID, Activation, sigmoid


class Neuron:
    """sigmoid(w · x + b), with the gradients d_weights and d_bias collected by backward."""

    # The attributes every neuron has, fixed: smaller neurons, slightly faster to read.
    __slots__ = ("bias", "d_bias", "d_weights", "d_z", "indices", "inputs", "output", "weights")

    def __init__(self, num_inputs: int, rng: random.Random) -> None:
        # One random weight in [-0.5, 0.5) per input, drawn in input order, as the tutorial does.
        self.weights: list[float] = [rng.random() - 0.5 for _ in range(num_inputs)]
        self.bias = 0.0
        # The input positions 0, 1, ..., made once: the loops below walk them for every
        # sample, and building range(len(...)) each time costs more than the arithmetic.
        self.indices = range(num_inputs)
        self.d_weights: list[float] = [0.0] * num_inputs
        self.d_bias = 0.0
        # What the last forward pass saw and produced, and how much the last backward pass
        # blamed this neuron (d(loss)/dz): backward and anyone curious read these.
        self.inputs: list[float] = []
        self.output = 0.0
        self.d_z = 0.0

    def forward(self, inputs: list[float]) -> float:
        """Weighted sum of the inputs plus the bias, through sigmoid."""
        weights = self.weights
        z = 0.0
        for i in self.indices:
            z += inputs[i] * weights[i]
        z += self.bias
        self.inputs = inputs
        self.output = output = sigmoid(z)
        return output

    def zero_grad(self) -> None:
        """Forget the gradients of the last step before collecting new ones."""
        self.d_weights = [0.0] * len(self.weights)
        self.d_bias = 0.0

    def backward(self, d_a: float, d_inputs: list[float] | None = None) -> None:
        """Given d(loss)/d(output), add this sample's share to the gradients.

        The chain rule: d(loss)/dz = d(loss)/d(output) * sigmoid'(z), and sigmoid'(z) is
        s * (1 - s) where s is the output we kept from forward (the tutorial computes sigmoid
        again here; same number). Then dz/d(bias) = 1 and dz/d(weight i) = input i.

        The layer before needs d(loss)/d(input) for each input: when it asks (by passing
        `d_inputs`), this neuron adds its share, d_z * weight, to each entry. The first layer's
        inputs are the data, which never change, so it does not ask.
        """
        output = self.output
        self.d_z = d_z = d_a * (output * (1 - output))
        self.d_bias += d_z
        inputs, weights, d_weights = self.inputs, self.weights, self.d_weights
        if d_inputs is None:
            for i in self.indices:
                d_weights[i] += d_z * inputs[i]
        else:
            for i in self.indices:
                d_weights[i] += d_z * inputs[i]
                d_inputs[i] += d_z * weights[i]

    def update_params(self, learning_rate: float) -> None:
        """One step of gradient descent: move every parameter against its gradient."""
        self.bias -= learning_rate * self.d_bias
        weights = self.weights
        for i, d_w in enumerate(self.d_weights):
            weights[i] -= learning_rate * d_w


class NeuronWithActivation(Neuron):
    """activation(w · x + b): a `Neuron` whose activation is chosen, not sigmoid built in.

    Only forward and backward differ from `Neuron`, and only where the activation is used.
    """

    __slots__ = ("activation",)

    def __init__(self, num_inputs: int, rng: random.Random, activation: Activation) -> None:
        super().__init__(num_inputs, rng)
        self.activation = activation

    def forward(self, inputs: list[float]) -> float:
        """Weighted sum of the inputs plus the bias, through this neuron's activation."""
        weights = self.weights
        z = 0.0
        for i in self.indices:
            z += inputs[i] * weights[i]
        z += self.bias
        self.inputs = inputs
        self.output = output = self.activation.function(z)
        return output

    def backward(self, d_a: float, d_inputs: list[float] | None = None) -> None:
        """As `Neuron.backward`, with the activation's slope in place of s * (1 - s)."""
        self.d_z = d_z = d_a * self.activation.slope(self.output)
        self.d_bias += d_z
        inputs, weights, d_weights = self.inputs, self.weights, self.d_weights
        if d_inputs is None:
            for i in self.indices:
                d_weights[i] += d_z * inputs[i]
        else:
            for i in self.indices:
                d_weights[i] += d_z * inputs[i]
                d_inputs[i] += d_z * weights[i]


def new_neuron(num_inputs: int, rng: random.Random, activation: Activation = SIGMOID) -> Neuron:
    """A neuron with this activation: the tutorial's fast `Neuron` when it is sigmoid.

    Both draw their weights from `rng` the same way, so the activation never changes which
    starting weights a seed gives.
    """
    if activation is SIGMOID:
        return Neuron(num_inputs, rng)
    return NeuronWithActivation(num_inputs, rng, activation)
