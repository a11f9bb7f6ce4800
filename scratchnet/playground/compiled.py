"""The Playground's epoch at full speed: the network's arithmetic written out as Python, once.

`Network.forward`/`backward` (network.py) say what happens; run as written, Python spends most
of its time walking lists, not multiplying. The Playground's largest network (6 layers of 8,
7 inputs, 385 weights) would train at about 30 epochs a second; a browser does 60. So, once per
network shape, this file *writes* the same arithmetic as straight-line Python, every weight a
local variable (`w1_2_0` is layer 1, neuron 2, input 0), and compiles it:

    o0_0 = tanh(b0_0 + w0_0_0 * x0 + w0_0_1 * x1)
    ...
    dz0_0 = d0_0 * (1 - o0_0 * o0_0)
    g0_0_0 += dz0_0 * x0

Each line is the operation nn.ts does, in nn.ts's order, so the numbers are the same to the last
bit as `Network.forward`/`backward`/`update_params` (a test checks it). The gradient sums live in
the network's layers between batches and epochs, and the update is `Network.update_params`:
only the loop over the samples is written out. So is the loop of a health measurement
(`passes`: forward and backward at each point, remembering nothing). `source(...)` shows the
code for any network. The activations as Python text and the backward pass's lines are those
the tutorial's network is written out with (scratchnet/compiled.py); its forward pass differs
in one thing, the order of its sum (nn.ts starts from the bias, neuron.py from 0.0).
"""

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

from scratchnet.activations import sigmoid
from scratchnet.compiled import FUNCTIONS, KEPT_SHAPES, Shape, backward_lines, output_names
from scratchnet.playground.network import Network

Example = tuple[Sequence[float], float]
Epoch = Callable[[Sequence[Example], Network, int, float, str, float], None]
Loss = Callable[[Sequence[Example], Network], float]
Outputs = Callable[[Sequence[Sequence[float]], Network], list[float]]
# Per layer, per point: each neuron's outputs, and its d(loss)/dz; per layer, the gradients
# summed over the points: each neuron's weights' (rows), and its bias's.
Rows = list[list[tuple[float, ...]]]
PassesFound = tuple[Rows, Rows, list[list[list[float]]], list[list[float]]]
Passes = Callable[[Sequence[Example], Network], PassesFound]


def shape_of(network: Network) -> tuple[Shape, tuple[str, ...]]:
    """What the written code depends on: the sizes of the layers and their activations."""
    first = network.layers[0]
    num_inputs = len(first.weights[0]) if first.weights else 0
    sizes = (num_inputs, *(len(layer.biases) for layer in network.layers))
    return sizes, tuple(layer.activation.name for layer in network.layers)


def train_epoch(
    examples: Sequence[Example],
    network: Network,
    batch_size: int,
    learning_rate: float,
    regularization: str,
    regularization_rate: float,
) -> None:
    """playground.ts oneStep's loop: forward and backward on every sample, in order, and
    `network.update_params` after every `batch_size` of them (counted from this epoch's start).
    """
    epoch = _compiled(*shape_of(network))[0]
    epoch(examples, network, batch_size, learning_rate, regularization, regularization_rate)


def mean_loss(examples: Sequence[Example], network: Network) -> float:
    """playground.ts getLoss: the mean of 1/2 (output - label)^2, summed in order (0 if none)."""
    return _compiled(*shape_of(network))[1](examples, network)


def outputs(inputs: Sequence[Sequence[float]], network: Network) -> list[float]:
    """The network's output for each of these inputs (forwardProp), e.g. a picture's points."""
    return _compiled(*shape_of(network))[2](inputs, network)


def passes(examples: Sequence[Example], network: Network) -> PassesFound:
    """forwardProp and backProp at each example, remembering nothing, as an epoch does them:
    (outputs, d_sums, weight gradient sums, bias gradient sums). `outputs[layer][point]` and
    `d_sums[layer][point]` are each neuron's output and d(loss)/dz at that point; the sums
    are added from 0 in the examples' order, as `Layer.backward` adds them. What a health
    measurement reads (`PlaygroundMode.passes`), at an epoch's speed."""
    return _compiled(*shape_of(network))[3](examples, network)


def source(network: Network) -> str:
    """The Python this file writes for `network`'s shape: to read, or to learn from."""
    return _source(*shape_of(network))


@lru_cache(maxsize=KEPT_SHAPES)
def _compiled(sizes: Shape, activations: tuple[str, ...]) -> tuple[Epoch, Loss, Outputs, Passes]:
    namespace: dict[str, object] = {"exp": math.exp, "tanh": math.tanh, "sigmoid": sigmoid}
    exec(compile(_source(sizes, activations), "<playground network>", "exec"), namespace)
    names = ("epoch", "loss", "outputs", "passes")
    return tuple(namespace[name] for name in names)  # type: ignore[return-value]


def _source(sizes: Shape, activations: tuple[str, ...]) -> str:
    depth = len(activations)
    inputs = [f"x{j}" for j in range(sizes[0])]

    def outputs(layer: int) -> list[str]:
        return output_names(sizes, layer)

    def names(prefix: str, layer: int) -> list[str]:
        return [
            f"{prefix}{layer}_{k}_{j}" for k in range(sizes[layer + 1]) for j in range(sizes[layer])
        ]

    def unpack(targets: list[str], value: str) -> list[str]:
        return [f"{', '.join(targets)}, = {value}"] if targets else []

    def load(gradients: bool) -> list[str]:
        lines = []
        for layer in range(depth):
            source = f"layers[{layer}]"
            lines += unpack(names("w", layer), f"[w for row in {source}.weights for w in row]")
            lines += unpack([f"b{layer}_{k}" for k in range(sizes[layer + 1])], f"{source}.biases")
            if gradients:
                lines += unpack(
                    names("g", layer), f"[g for row in {source}.d_weights for g in row]"
                )
                lines += unpack(
                    [f"gb{layer}_{k}" for k in range(sizes[layer + 1])], f"{source}.d_biases"
                )
        if gradients:
            lines.append("count = layers[0].count")
        return lines

    def store() -> list[str]:
        """Back into the layers: the weights, the biases and the gradient sums so far."""
        lines = []
        for layer in range(depth):
            size, fan_in = sizes[layer + 1], sizes[layer]
            for field, prefix in (("weights", "w"), ("d_weights", "g")):
                rows = ", ".join(
                    "[" + ", ".join(f"{prefix}{layer}_{k}_{j}" for j in range(fan_in)) + "]"
                    for k in range(size)
                )
                lines.append(f"layers[{layer}].{field} = [{rows}]")
            for field, prefix in (("biases", "b"), ("d_biases", "gb")):
                values = ", ".join(f"{prefix}{layer}_{k}" for k in range(size))
                lines.append(f"layers[{layer}].{field} = [{values}]")
            lines.append(f"layers[{layer}].count = count")
        return lines

    def plain_update() -> list[str]:
        """updateWeights without regularisation or dead links: w - lr / count * gradient."""
        lines = ["step = learning_rate / count"]
        for layer in range(depth):
            for k in range(sizes[layer + 1]):
                bias, gradient = f"b{layer}_{k}", f"gb{layer}_{k}"
                lines.append(f"{bias} = {bias} - learning_rate * {gradient} / count")
                lines.append(f"{gradient} = 0.0")
                for name in [f"{layer}_{k}_{j}" for j in range(sizes[layer])]:
                    lines.append(f"w{name} = w{name} - step * g{name}")
                    lines.append(f"g{name} = 0.0")
        return [*lines, "count = 0"]

    def forward() -> list[str]:
        lines = unpack(inputs, "inputs")
        for layer in range(depth):
            for k, output in enumerate(outputs(layer)):
                terms = [f"b{layer}_{k}"] + [
                    f"w{layer}_{k}_{j} * {source}" for j, source in enumerate(outputs(layer - 1))
                ]
                lines.append("z = " + " + ".join(terms))
                lines.append(f"{output} = " + FUNCTIONS[activations[layer]].format(z="z"))
        return lines

    def backward() -> list[str]:
        """backProp from the output's error: nn.ts's loss is half the square, so no 2."""
        return backward_lines(sizes, activations, f"o{depth - 1}_0 - target")

    def zero_sums() -> list[str]:
        """Gradient sums from 0, for `passes`."""
        lines = []
        for layer in range(depth):
            names_here = names("g", layer) + [f"gb{layer}_{k}" for k in range(sizes[layer + 1])]
            lines += [f"{name} = 0.0" for name in names_here]
        return lines

    def record() -> list[str]:
        """This point's outputs and d(loss)/dz, layer by layer, for `passes`."""
        lines = []
        for layer in range(depth):
            for field, prefix in (("outputs", "o"), ("d_sums", "dz")):
                values = "".join(f"{prefix}{layer}_{k}, " for k in range(sizes[layer + 1]))
                lines.append(f"{field}[{layer}].append(({values}))")
        return lines

    def sums_found() -> str:
        """The gradient sums as (weights: per layer, per neuron, a row; biases: per layer)."""
        weights = ", ".join(
            "["
            + ", ".join(
                "[" + ", ".join(f"g{layer}_{k}_{j}" for j in range(sizes[layer])) + "]"
                for k in range(sizes[layer + 1])
            )
            + "]"
            for layer in range(depth)
        )
        biases = ", ".join(
            "[" + ", ".join(f"gb{layer}_{k}" for k in range(sizes[layer + 1])) + "]"
            for layer in range(depth)
        )
        return f"[{weights}], [{biases}]"

    def indent(lines: list[str], level: int) -> str:
        return "".join("    " * level + line + "\n" for line in lines)

    return (
        "def epoch(examples, network, batch_size, learning_rate, regularization, rate):\n"
        + indent(["layers = network.layers", *load(gradients=True), "i = 0"], 1)
        + indent(['plain = regularization == "none" and not network.dead_links()'], 1)
        + indent(["for inputs, target in examples:"], 1)
        + indent([*forward(), *backward(), "count += 1", "i += 1"], 2)
        + indent(["if i % batch_size == 0 and plain:"], 2)
        + indent(plain_update(), 3)
        + indent(["elif i % batch_size == 0:"], 2)
        + indent(store(), 3)
        + indent(["network.update_params(learning_rate, regularization, rate)"], 3)
        + indent(load(gradients=True), 3)
        + indent(store(), 1)
        + "\n\ndef loss(examples, network):\n"
        + indent(["layers = network.layers", *load(gradients=False), "total = 0.0"], 1)
        + indent(["for inputs, target in examples:"], 1)
        + indent(
            [*forward(), f"error = o{depth - 1}_0 - target", "total += 0.5 * (error * error)"], 2
        )
        + indent(["return total / len(examples) if examples else 0.0"], 1)
        + "\n\ndef outputs(many_inputs, network):\n"
        + indent(["layers = network.layers", *load(gradients=False), "answers = []"], 1)
        + indent(["for inputs in many_inputs:"], 1)
        + indent([*forward(), f"answers.append(o{depth - 1}_0)"], 2)
        + indent(["return answers"], 1)
        + "\n\ndef passes(examples, network):\n"
        + indent(["layers = network.layers", *load(gradients=False), *zero_sums()], 1)
        + indent(
            [f"outputs = [[] for _ in range({depth})]", f"d_sums = [[] for _ in range({depth})]"], 1
        )
        + indent(["for inputs, target in examples:"], 1)
        + indent([*forward(), *backward(), *record()], 2)
        + indent([f"return outputs, d_sums, {sums_found()}"], 1)
    )
