"""The Playground's network: src/nn.ts (buildNetwork, forwardProp, backProp, updateWeights).

It is the tutorial's picture, neurons with weights and a bias that go `forward`, `backward` and
`update_params`, with the Playground's conventions where they differ from the tutorial:

- biases start at 0.1 and weights at random() - 0.5 (or both at 0 with `initZero`);
- the output neuron is tanh (linear for regression), the loss 1/2 (output - target)^2;
- gradients are *summed* over the samples since the last update and divided by their count,
  which may be more than the batch size (see `run.py`: leftovers join the next epoch's batch);
- L1 regularisation sets a weight that would cross zero to exactly 0 and freezes it: a "dead"
  link, which never changes again.

nn.ts keeps a Node object per neuron and a Link object per weight. Here a `Layer` keeps the
numbers of its neurons side by side (`weights[k]` and `biases[k]` are neuron k's), so that
Python's built-in `map` and `sum` can do a whole layer at once: the same numbers, many times
faster. Every sum is taken in nn.ts's order, starting where nn.ts starts, so the results agree
with a browser's to the last bit (apart from tanh, exp, sin and log, which JavaScript may round
differently in the last bit).

A run trains with compiled.py, which writes this same arithmetic out as Python for speed; a test
checks that both give the same bits. This file is where to read what happens.
"""

import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import add, mul, sub

from scratchnet.activations import LINEAR, TANH, Activation, activation_named

if sys.version_info < (3, 12):

    def weighted_sums(
        starts: Iterable[float], rows: Iterable[Sequence[float]], values: Sequence[float]
    ) -> list[float]:
        """For each row: start + row[0] * values[0] + row[1] * values[1] + ..., left to right.

        Up to Python 3.11, sum() adds floats one by one in order, like nn.ts's loops, and
        map() runs the loop over rows in C.
        """
        return list(map(sum, map(map, repeat(mul), rows, repeat(values)), starts))

else:  # pragma: no cover - from 3.12, sum() compensates rounding: not nn.ts's numbers

    def weighted_sums(
        starts: Iterable[float], rows: Iterable[Sequence[float]], values: Sequence[float]
    ) -> list[float]:
        """For each row: start + row[0] * values[0] + row[1] * values[1] + ..., left to right."""
        totals = []
        for total, row in zip(starts, rows):
            for weight, value in zip(row, values):
                total += weight * value
            totals.append(total)
        return totals


class Layer:
    """Neurons side by side: neuron k outputs activation(biases[k] + weights[k] . inputs).

    Like nn.ts's nodes and links, it sums each sample's gradients (`d_weights`, `d_biases`)
    until `update_params` spends them, counting the samples in `count`.
    """

    __slots__ = (
        "activation",
        "biases",
        "count",
        "d_biases",
        "d_weights",
        "dead",
        "inputs",
        "outputs",
        "weights",
    )

    def __init__(
        self, weights: list[list[float]], biases: list[float], activation: Activation
    ) -> None:
        self.weights = weights
        self.biases = biases
        self.activation = activation
        self.dead = [[False] * len(row) for row in weights]  # links L1 froze at 0 (Link.isDead)
        self.d_weights = [[0.0] * len(row) for row in weights]  # Link.accErrorDer
        self.d_biases = [0.0] * len(biases)  # Node.accInputDer
        self.count = 0  # samples summed since the last update (numAccumulatedDers)
        self.inputs: Sequence[float] = []  # the last forward pass's inputs and outputs
        self.outputs: list[float] = []

    def sums_of(self, inputs: Sequence[float]) -> list[float]:
        """Every neuron's weighted sum z = bias + weights . inputs (Node.totalInput)."""
        return weighted_sums(self.biases, self.weights, inputs)

    def output_of(self, inputs: Sequence[float]) -> list[float]:
        """Every neuron's output for these inputs (Node.updateOutput), remembering nothing."""
        return list(map(self.activation.function, self.sums_of(inputs)))

    def forward(self, inputs: Sequence[float]) -> list[float]:
        """`output_of`, remembered for `backward`."""
        self.inputs = inputs
        self.outputs = outputs = self.output_of(inputs)
        return outputs

    def gradients_at(
        self,
        inputs: Sequence[float],
        outputs: Sequence[float],
        d_outputs: Sequence[float],
        *,
        first: bool = False,
    ) -> tuple[list[float], list[list[float]], list[float]]:
        """One sample's gradients in this layer, remembering nothing: (d_z, d_weights, d_inputs).

        d_z = d_output * the activation's slope (nn.ts's inputDer) is the bias's gradient, and
        d_z * input each weight's. d(loss)/d(input j) is the sum over the neurons of
        weights[k][j] * d_z[k], from 0, neuron by neuron as nn.ts adds it. The `first` layer's
        inputs are the data: its d_inputs is [].
        """
        d_z = list(map(mul, d_outputs, map(self.activation.slope, outputs)))
        d_weights = [list(map(mul, repeat(d_z_k), inputs)) for d_z_k in d_z]
        if first:
            return d_z, d_weights, []
        return d_z, d_weights, weighted_sums(repeat(0.0), zip(*self.weights), d_z)

    def backward(self, d_outputs: list[float], *, first: bool = False) -> list[float]:
        """backProp for this layer: add this sample's gradients (`gradients_at`) to the sums
        since the last update, and return d(loss)/d(input). A dead link's gradient is summed
        too, but never used."""
        d_z, d_weights, d_inputs = self.gradients_at(
            self.inputs, self.outputs, d_outputs, first=first
        )
        self.d_biases = list(map(add, self.d_biases, d_z))
        sums = self.d_weights
        for k, row in enumerate(d_weights):
            sums[k] = list(map(add, sums[k], row))
        self.count += 1
        return d_inputs

    def copy(self) -> "Layer":
        """A layer with the same numbers, gradient sums and dead links, sharing no list."""
        twin = Layer([list(row) for row in self.weights], list(self.biases), self.activation)
        twin.dead = [list(row) for row in self.dead]
        twin.d_weights = [list(row) for row in self.d_weights]
        twin.d_biases = list(self.d_biases)
        twin.count = self.count
        return twin

    def update_params(
        self, learning_rate: float, regularization: str, regularization_rate: float
    ) -> None:
        """updateWeights for this layer: one step with the mean gradient of the samples summed."""
        count = self.count
        if count == 0:
            return
        shrink = learning_rate * regularization_rate
        step = learning_rate / count
        for k, gradients in enumerate(self.d_weights):
            self.biases[k] -= learning_rate * self.d_biases[k] / count
            if regularization == "none" and True not in self.dead[k]:
                # w - step * gradient for every weight (nn.ts then takes 0 off: no change)
                self.weights[k] = list(map(sub, self.weights[k], map(mul, repeat(step), gradients)))
            else:
                self._regularized_step(k, step, gradients, shrink, regularization)
        self.d_weights = [[0.0] * len(row) for row in self.weights]
        self.d_biases = [0.0] * len(self.biases)
        self.count = 0

    def _regularized_step(
        self, k: int, step: float, gradients: list[float], shrink: float, regularization: str
    ) -> None:
        """Neuron k's weights one by one: the gradient step, then the pull towards 0."""
        weights, dead = self.weights[k], self.dead[k]
        for j, weight in enumerate(weights):
            if dead[j]:
                continue
            if regularization == "L2":
                slope = weight  # the slope of w^2 / 2, taken before the step, as nn.ts does
            elif regularization == "L1":
                slope = -1.0 if weight < 0 else (1.0 if weight > 0 else 0.0)  # of |w|
            else:
                slope = 0.0
            weight = weight - step * gradients[j]
            new_weight = weight - shrink * slope
            if regularization == "L1" and weight * new_weight < 0:
                # L1 would push the weight across 0: it stops at exactly 0, and the link dies.
                weights[j] = 0.0
                dead[j] = True
            else:
                weights[j] = new_weight


class Network:
    """nn.ts buildNetwork's network: hidden `Layer`s, then a layer of one output neuron.

    `draw` gives the starting weights (the run's `SeedRandom.random`), one per link in nn.ts's
    order: layer by layer, neuron by neuron, one for each input of the neuron.
    """

    def __init__(
        self,
        num_inputs: int,
        hidden: Sequence[int],
        activation: str,
        regression: bool,
        draw: Callable[[], float],
        init_zero: bool = False,
    ) -> None:
        hidden_activation = activation_named(activation)
        output_activation = LINEAR if regression else TANH
        shapes = [(size, hidden_activation) for size in hidden] + [(1, output_activation)]
        self.layers: list[Layer] = []
        fan_in = num_inputs
        for size, layer_activation in shapes:
            if init_zero:
                weights = [[0.0] * fan_in for _ in range(size)]
            else:
                weights = [[draw() - 0.5 for _ in range(fan_in)] for _ in range(size)]
            bias = 0.0 if init_zero else 0.1
            self.layers.append(Layer(weights, [bias] * size, layer_activation))
            fan_in = size

    def forward(self, inputs: Sequence[float]) -> float:
        """forwardProp: each layer's outputs are the next layer's inputs."""
        for layer in self.layers:
            inputs = layer.forward(inputs)
        return inputs[0]

    def values_at(self, inputs: Sequence[float]) -> list[tuple[list[float], list[float]]]:
        """forwardProp at one point, remembering nothing: each layer's (sums, outputs)."""
        values = []
        for layer in self.layers:
            sums = layer.sums_of(inputs)
            inputs = list(map(layer.activation.function, sums))
            values.append((sums, inputs))
        return values

    def gradients_at(
        self,
        inputs: Sequence[float],
        target: float,
        values: list[tuple[list[float], list[float]]] | None = None,
    ) -> tuple[float, list[tuple[list[float], list[list[float]]]]]:
        """backProp at one point, remembering nothing, for the loss 1/2 (output - target)^2.

        Returns d(loss)/d(output) = output - target and, per layer (first hidden to output),
        each neuron's d_z (its bias's gradient) and its weights' gradients: the very numbers
        `backward` adds to the sums for this sample. `values`: `values_at(inputs)`, if the
        caller has it already.
        """
        if values is None:
            values = self.values_at(inputs)
        layer_inputs = [inputs, *(outputs for _, outputs in values[:-1])]
        d_output = values[-1][1][0] - target
        d_outputs = [d_output]
        gradients: list[tuple[list[float], list[list[float]]]] = []
        for depth in range(len(self.layers) - 1, -1, -1):
            d_z, d_weights, d_outputs = self.layers[depth].gradients_at(
                layer_inputs[depth], values[depth][1], d_outputs, first=depth == 0
            )
            gradients.append((d_z, d_weights))
        return d_output, gradients[::-1]

    def predict(self, inputs: Sequence[float]) -> float:
        """The output for these inputs, leaving what `forward` remembered alone."""
        for layer in self.layers:
            inputs = layer.output_of(inputs)
        return inputs[0]

    def backward(self, target: float) -> None:
        """backProp after `forward`, for the loss 1/2 (output - target)^2: d = output - target."""
        layers = self.layers
        d_outputs = [layers[-1].outputs[0] - target]
        for depth in range(len(layers) - 1, -1, -1):
            d_outputs = layers[depth].backward(d_outputs, first=depth == 0)

    def copy(self) -> "Network":
        """A network with the same layers (`Layer.copy`): changing one leaves the other alone."""
        twin = Network.__new__(Network)
        twin.layers = [layer.copy() for layer in self.layers]
        return twin

    def parameters(self) -> list[float]:
        """Every weight and bias, layer by layer, neuron by neuron: its weights, then its bias.

        The order of the tutorial's `Network.parameters`, so a timeline or a gradient check
        walks either network alike.
        """
        values: list[float] = []
        for layer in self.layers:
            for weights, bias in zip(layer.weights, layer.biases):
                values.extend(weights)
                values.append(bias)
        return values

    def set_parameters(self, values: Sequence[float]) -> None:
        """Put in every weight and bias, in the order `parameters` gives them.

        Raises ValueError, changing nothing, if the count is not this network's.
        """
        count = sum(len(row) + 1 for layer in self.layers for row in layer.weights)
        if len(values) != count:
            raise ValueError(f"this network has {count} weights and biases, got {len(values)}")
        start = 0
        for layer in self.layers:
            for k, row in enumerate(layer.weights):
                end = start + len(row)
                layer.weights[k] = [float(value) for value in values[start:end]]
                layer.biases[k] = float(values[end])
                start = end + 1

    def dead_links(self) -> bool:
        """True once L1 has frozen some link at 0."""
        return any(True in row for layer in self.layers for row in layer.dead)

    def update_params(
        self, learning_rate: float, regularization: str, regularization_rate: float
    ) -> None:
        """updateWeights: every layer steps with the mean gradient of the samples so far."""
        for layer in self.layers:
            layer.update_params(learning_rate, regularization, regularization_rate)
