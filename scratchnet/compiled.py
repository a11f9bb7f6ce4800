"""A training step at full speed: the network's arithmetic written out as Python, once.

`Neuron.forward`/`backward` (neuron.py) say what happens, and stay the definition. Run as
written, Python spends most of a step walking lists and calling methods, not multiplying. So,
once per network shape, this file *writes* the same arithmetic as straight-line Python, every
weight a local variable (`w1_0_3` is layer 1, neuron 0, input 3), and compiles it:

    z = 0.0 + x0 * w0_0_0 + x1 * w0_0_1 + b0_0
    o0_0 = (1 / (1 + exp(-z)) if z > -709.0 else sigmoid(z))
    ...
    dz1_0 = d1_0 * (o1_0 * (1 - o1_0))
    g1_0_0 += dz1_0 * o0_0

Each line is the operation the neurons do, in their order (the sum starts at 0.0 and adds
input times weight, input by input, then the bias), so the numbers are the same to the last
bit as `Trainer`'s loops over `Network.forward`/`backward`, and every neuron is left holding
what they would leave it: the gradient sums, and the inputs, output and d_z of the last point
(a test checks it, for every activation and many shapes). Only the loops over the points are
written out: a step's (`learn_from`), a measurement's (`measure`) and the passes a health
measurement reads (`passes`); zero_grad, regularisation and the update stay the neurons' own.
`source(...)` shows the code for any network.

A network trains through its neurons as written, not written out, when:
- it has more than `LARGEST` weights and biases: there the arithmetic, not the walking, is most
  of the time, and the code to write grows with every weight;
- its passes, or its neurons', are not the ones this file writes out: replaced while the
  program runs (to try a change, or a test's deliberate mistake for the gradient check to
  catch), they are the ones that run;
- SCRATCHNET_AS_WRITTEN=1 is set: to change neuron.py itself, and see the change train.
"""

import math
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from scratchnet.activations import sigmoid
from scratchnet.network import Network
from scratchnet.neuron import Neuron, NeuronWithActivation

Example = tuple[list[float], float]
Learn = Callable[[Sequence[Example], Network], float]
Measure = Callable[[Sequence[Example], Network], tuple[float, float]]
# Per layer, per point: each neuron's outputs, and its d(loss)/dz times a number.
Rows = list[list[tuple[float, ...]]]
Passes = Callable[[Sequence[Example], Network, float], tuple[Rows, Rows]]

# Above this many weights and biases, the network is not written out (see the docstring).
LARGEST = 0 if os.environ.get("SCRATCHNET_AS_WRITTEN") else 1000

# How many networks' shapes keep their written code, the last used. Writing it again takes
# 20 to 60 ms, and the tests go from shape to shape: with 4 kept, they took 13 CPU s more.
KEPT_SHAPES = 32

# The passes this file writes out, as neuron.py and network.py define them.
WRITTEN_OUT = (
    Network.forward,
    Network.backward,
    Neuron.forward,
    Neuron.backward,
    NeuronWithActivation.forward,
    NeuronWithActivation.backward,
)

# Each activation's output from z, and its slope from the output o, as Python text: the very
# expressions of activations.py. Sigmoid's is written out where e^-z is a float, and `sigmoid`
# is called only where it would overflow (below -709.78; its guard then gives 0.0), or for NaN.
FUNCTIONS = {
    "sigmoid": "(1 / (1 + exp(-{z})) if {z} > -709.0 else sigmoid({z}))",
    "tanh": "tanh({z})",
    "relu": "(0.0 if {z} < 0 else {z})",
    "linear": "{z}",
}
SLOPES = {
    "sigmoid": "({o} * (1 - {o}))",
    "tanh": "(1 - {o} * {o})",
    "relu": "(1.0 if {o} > 0 else 0.0)",
    "linear": "1.0",
}

# The network's inputs, then each layer's size (the output layer's is 1); and each layer's
# activation: all the written code depends on.
Shape = tuple[int, ...]


def output_names(sizes: Shape, layer: int) -> list[str]:
    """A layer's outputs as the written code names them (`o1_2`: layer 1, neuron 2); layer -1
    is the network's inputs (`x0`, `x1`, ...)."""
    if layer < 0:
        return [f"x{j}" for j in range(sizes[0])]
    return [f"o{layer}_{k}" for k in range(sizes[layer + 1])]


def backward_lines(sizes: Shape, activations: tuple[str, ...], output_slope: str) -> list[str]:
    """Backpropagation written out, from `output_slope`, the Python that gives the output's
    d(loss)/d(output): each layer's d_z, its share of every gradient sum (`g1_0_2` for weight
    2 of neuron 0 of layer 1, `gb1_0` for its bias), and what it passes back to each of its
    inputs (`d0_2`), neuron by neuron from 0.0, as `Network.backward` adds them up. Both
    compilers write it: this file, and the Playground's. nn.ts adds up in the same order, and
    multiplies weight by d_z, as written here; neuron.py multiplies d_z by weight, and a
    product is the same either way round."""
    last = len(activations) - 1
    lines = [f"d{last}_0 = {output_slope}"]
    for layer in range(last, -1, -1):
        slope = SLOPES[activations[layer]]
        for k, output in enumerate(output_names(sizes, layer)):
            lines.append(f"dz{layer}_{k} = d{layer}_{k} * " + slope.format(o=output))
            lines.append(f"gb{layer}_{k} += dz{layer}_{k}")
            for j, source in enumerate(output_names(sizes, layer - 1)):
                lines.append(f"g{layer}_{k}_{j} += dz{layer}_{k} * {source}")
        if layer:
            for j in range(sizes[layer]):
                terms = [f"w{layer}_{k}_{j} * dz{layer}_{k}" for k in range(sizes[layer + 1])]
                lines.append(f"d{layer - 1}_{j} = 0.0 + " + " + ".join(terms))
    return lines


def fits(network: Network) -> bool:
    """True when `network` is small enough to be written out (at most `LARGEST` parameters),
    and its passes are still those written out (`WRITTEN_OUT`)."""
    sizes = _sizes(network)
    if sum((fan_in + 1) * size for fan_in, size in pairwise(sizes)) > LARGEST:
        return False
    passes = [network.forward, network.backward]
    for layer in network.layers:
        for neuron in layer:
            passes += [neuron.forward, neuron.backward]
    return all(getattr(method, "__func__", None) in WRITTEN_OUT for method in passes)


def learn_from(network: Network, samples: Sequence[Example]) -> float:
    """`Trainer`'s `_learn_from`: forward and backward on every sample, adding each one's share
    to the gradients the neurons hold; returns the mean loss."""
    return _compiled(_sizes(network), _activations(network))[0](samples, network)


def measure(network: Network, samples: Sequence[Example]) -> tuple[float, float]:
    """`Trainer`'s `_measure`: (mean loss, share of points on the right side of 0.5)."""
    return _compiled(_sizes(network), _activations(network))[1](samples, network)


def passes(network: Network, samples: Sequence[Example], scale: float) -> tuple[Rows, Rows]:
    """`learn_from` without the loss, reading every neuron after each point, as
    `gradcheck.backpropagate` reads them: (outputs, d_sums), where `outputs[layer][point]` is
    each neuron's output there, and `d_sums[layer][point]` its d_z times `scale`."""
    return _compiled(_sizes(network), _activations(network))[2](samples, network, scale)


def source(network: Network) -> str:
    """The Python this file writes for `network`'s shape: to read, or to learn from."""
    return _source(_sizes(network), _activations(network))


def _sizes(network: Network) -> Shape:
    return (network.num_inputs, *network.hidden_shapes, 1)


def _activations(network: Network) -> tuple[str, ...]:
    return (*[network.activation] * len(network.hidden_shapes), "sigmoid")


@lru_cache(maxsize=KEPT_SHAPES)
def _compiled(sizes: Shape, activations: tuple[str, ...]) -> tuple[Learn, Measure, Passes]:
    namespace: dict[str, object] = {"exp": math.exp, "tanh": math.tanh, "sigmoid": sigmoid}
    exec(compile(_source(sizes, activations), "<scratchnet network>", "exec"), namespace)
    return namespace["learn"], namespace["measure"], namespace["passes"]  # type: ignore[return-value]


def _source(sizes: Shape, activations: tuple[str, ...]) -> str:
    depth = len(activations)
    last = depth - 1

    def neurons(layer: int) -> list[str]:
        return [f"n{layer}_{k}" for k in range(sizes[layer + 1])]

    def outputs(layer: int) -> list[str]:
        return output_names(sizes, layer)

    def unpack(targets: list[str], value: str) -> str:
        return f"{', '.join(targets)}, = {value}"

    def load(gradients: bool) -> list[str]:
        """Every neuron, and its weights and bias (and gradient sums so far) as local names."""
        lines = ["layers = network.layers"]
        for layer in range(depth):
            lines.append(unpack(neurons(layer), f"layers[{layer}]"))
            for k, neuron in enumerate(neurons(layer)):
                names = [f"{layer}_{k}_{j}" for j in range(sizes[layer])]
                lines.append(unpack([f"w{name}" for name in names], f"{neuron}.weights"))
                lines.append(f"b{layer}_{k} = {neuron}.bias")
                if gradients:
                    lines.append(unpack([f"g{name}" for name in names], f"{neuron}.d_weights"))
                    lines.append(f"gb{layer}_{k} = {neuron}.d_bias")
        return lines

    def forward() -> list[str]:
        """`Network.forward`: each neuron's sum from 0.0, input times weight, then the bias."""
        lines = [unpack(outputs(-1), "inputs")]
        for layer in range(depth):
            for k, output in enumerate(outputs(layer)):
                terms = ["0.0"] + [
                    f"{source} * w{layer}_{k}_{j}" for j, source in enumerate(outputs(layer - 1))
                ]
                lines.append("z = " + " + ".join([*terms, f"b{layer}_{k}"]))
                lines.append(f"{output} = " + FUNCTIONS[activations[layer]].format(z="z"))
        return lines

    def backward() -> list[str]:
        """`Network.backward` from the square loss's slope, divided by the number of points."""
        return backward_lines(sizes, activations, f"2 * (o{last}_0 - target) / num_samples")

    def last_seen(backward: bool) -> list[str]:
        """What the neurons remember of the last point: its inputs (the inputs list itself,
        then a list per layer of outputs, which the next layer shares), its outputs, d_z."""
        lines = []
        for layer in range(depth):
            source = "inputs" if layer == 0 else f"seen{layer - 1}"
            if layer < last:
                lines.append(f"seen{layer} = [{', '.join(outputs(layer))}]")
            for k, neuron in enumerate(neurons(layer)):
                lines.append(f"{neuron}.inputs = {source}")
                lines.append(f"{neuron}.output = o{layer}_{k}")
                if backward:
                    lines.append(f"{neuron}.d_z = dz{layer}_{k}")
        return lines

    def store_gradients() -> list[str]:
        """The gradient sums, into the lists the neurons hold (the lists stay theirs)."""
        lines = []
        for layer in range(depth):
            for k, neuron in enumerate(neurons(layer)):
                sums = ", ".join(f"g{layer}_{k}_{j}" for j in range(sizes[layer]))
                lines.append(f"{neuron}.d_weights[:] = ({sums},)")
                lines.append(f"{neuron}.d_bias = gb{layer}_{k}")
        return lines

    def record() -> list[str]:
        """This point's outputs, and d_z times `scale`, layer by layer, for `passes`."""
        lines = []
        for layer in range(depth):
            values = "".join(f"{output}, " for output in outputs(layer))
            lines.append(f"outputs[{layer}].append(({values}))")
            values = "".join(f"dz{layer}_{k} * scale, " for k in range(sizes[layer + 1]))
            lines.append(f"d_sums[{layer}].append(({values}))")
        return lines

    def indent(lines: list[str], level: int) -> str:
        return "".join("    " * level + line + "\n" for line in lines)

    loss = f"loss += (o{last}_0 - target) ** 2"
    return (
        "def learn(samples, network):\n"
        + indent(["num_samples = len(samples)", "loss = 0.0", "if not samples:"], 1)
        + indent(["return loss / num_samples"], 2)
        + indent(load(gradients=True), 1)
        + indent(["for inputs, target in samples:"], 1)
        + indent([*forward(), loss, *backward()], 2)
        + indent([*store_gradients(), *last_seen(backward=True), "return loss / num_samples"], 1)
        + "\n\ndef measure(samples, network):\n"
        + indent(["loss = 0.0", "right = 0", "if not samples:"], 1)
        + indent(["return loss / len(samples), right / len(samples)"], 2)
        + indent(load(gradients=False), 1)
        + indent(["for inputs, target in samples:"], 1)
        + indent([*forward(), loss, f"if (o{last}_0 > 0.5) == (target > 0.5):"], 2)
        + indent(["right += 1"], 3)
        + indent([*last_seen(backward=False)], 1)
        + indent(["return loss / len(samples), right / len(samples)"], 1)
        + "\n\ndef passes(samples, network, scale):\n"
        + indent(["num_samples = len(samples)", f"outputs = [[] for _ in range({depth})]"], 1)
        + indent([f"d_sums = [[] for _ in range({depth})]", "if not samples:"], 1)
        + indent(["return outputs, d_sums"], 2)
        + indent(load(gradients=True), 1)
        + indent(["for inputs, target in samples:"], 1)
        + indent([*forward(), *backward(), *record()], 2)
        + indent([*store_gradients(), *last_seen(backward=True), "return outputs, d_sums"], 1)
    )
