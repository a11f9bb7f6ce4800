"""A network: layers of neurons, each neuron connected to every output of the layer before."""

import random
from collections.abc import Sequence

from scratchnet.activations import SIGMOID, activation_named
from scratchnet.neuron import Neuron, new_neuron


class Network:
    """The tutorial's MyNet: hidden layers of the sizes asked for, then one output neuron.

    It builds its own random number generator from `seed`, so two networks with the same seed
    are identical and nothing else in the program changes what they start with.

    `activation` names the hidden neurons' activation ("sigmoid", "tanh", "relu" or "linear",
    see `scratchnet.activations`); the output neuron is always sigmoid, so the answer stays a
    number between 0 and 1 that can be read as a class.
    """

    def __init__(
        self,
        num_inputs: int,
        hidden_shapes: list[int],
        seed: int = 0,
        *,
        activation: str = "sigmoid",
    ) -> None:
        if num_inputs < 1:
            raise ValueError(f"a network needs at least one input, got {num_inputs}")
        if any(size < 1 for size in hidden_shapes):
            raise ValueError(f"every hidden layer needs at least one neuron, got {hidden_shapes}")
        hidden_activation = activation_named(activation)
        self.num_inputs = num_inputs
        self.hidden_shapes = list(hidden_shapes)
        self.seed = seed
        self.activation = activation
        rng = random.Random(seed)
        layer_shapes = self.hidden_shapes + [1]
        input_shapes = [num_inputs] + self.hidden_shapes
        activations = [hidden_activation] * len(self.hidden_shapes) + [SIGMOID]
        # Built layer by layer, neuron by neuron: this order fixes which random number each
        # weight gets, and so makes seed 0 give exactly the tutorial's network.
        self.layers: list[list[Neuron]] = [
            [new_neuron(inputs_per_neuron, rng, layer_activation) for _ in range(layer_size)]
            for layer_size, inputs_per_neuron, layer_activation in zip(
                layer_shapes, input_shapes, activations
            )
        ]

    def forward(self, inputs: list[float]) -> float:
        """Feed the inputs through every layer; the last layer's single output is the answer."""
        for layer in self.layers:
            outputs = []
            for neuron in layer:
                outputs.append(neuron.forward(inputs))
            inputs = outputs
        return inputs[0]

    def zero_grad(self) -> None:
        """Clear every neuron's gradients."""
        for layer in self.layers:
            for neuron in layer:
                neuron.zero_grad()

    def backward(self, d_loss: float) -> None:
        """Backpropagation: walk the layers from last to first, passing gradients back.

        An input of a layer is an output of the layer before, so the d_a of a neuron there is
        the sum of what every neuron of this layer says about that input (`d_inputs`). The
        first layer's inputs are the data: nobody needs their gradient, so it is not computed.
        """
        layers = self.layers
        d_as = [d_loss]
        for depth in range(len(layers) - 1, 0, -1):
            d_inputs = [0.0] * len(layers[depth - 1])
            for neuron, d_a in zip(layers[depth], d_as):
                neuron.backward(d_a, d_inputs)
            d_as = d_inputs
        for neuron, d_a in zip(layers[0], d_as):
            neuron.backward(d_a)

    def update_params(self, learning_rate: float) -> None:
        """Gradient descent on every neuron."""
        for layer in self.layers:
            for neuron in layer:
                neuron.update_params(learning_rate)

    def parameters(self) -> list[float]:
        """Every weight and bias, neuron by neuron: handy for checks and comparisons."""
        values: list[float] = []
        for layer in self.layers:
            for neuron in layer:
                values.extend(neuron.weights)
                values.append(neuron.bias)
        return values

    def set_parameters(self, values: Sequence[float]) -> None:
        """Put in every weight and bias, in the order `parameters` gives them.

        In place (each neuron keeps its lists), so whoever holds this network sees the new
        weights. Raises ValueError, changing nothing, if the count is not this network's.
        """
        count = sum(len(neuron.weights) + 1 for layer in self.layers for neuron in layer)
        if len(values) != count:
            raise ValueError(f"this network has {count} weights and biases, got {len(values)}")
        start = 0
        for layer in self.layers:
            for neuron in layer:
                end = start + len(neuron.weights)
                neuron.weights[:] = values[start:end]
                neuron.bias = float(values[end])
                start = end + 1

    def copy(self) -> "Network":
        """A new network of the same shape and activation, with the same weights and biases.

        Nothing is shared: training or changing one leaves the other as it was.
        """
        twin = Network(self.num_inputs, self.hidden_shapes, self.seed, activation=self.activation)
        twin.set_parameters(self.parameters())
        return twin
