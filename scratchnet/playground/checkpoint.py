"""Where a Playground run is, frozen: enough to put it back there and go on exactly.

A Playground run's future depends on more than its weights and biases (see network.py):

- the gradients summed since the last update, and how many samples they sum: when the batch
  size does not divide the training set, the points left over at the end of an epoch are not
  lost, their gradients join the first batch of the next epoch (nn.ts's accErrorDer and
  numAccumulatedDers);
- the dead links: once L1 has frozen a weight at 0, it never changes again, even if a later
  step would move it.

The points, their order and the settings are not part of it: the URL makes them again, the
same every time. The loss history is not either: it belongs to the run, which keeps the first
`steps` epochs' losses when it goes back (see `PlaygroundRun.restore`).
"""

from array import array
from dataclasses import dataclass

from scratchnet.playground.network import Network


@dataclass(frozen=True)
class PlaygroundCheckpoint:
    """A Playground run after `steps` epochs (from `PlaygroundRun.checkpoint`).

    `parameters` holds every weight and bias in the order `Network.parameters` lists them;
    `gradients` the sums carried over to the next update in that same order, or nothing when
    no sample is waiting (`count` 0, the batch size divides the training set); `dead` the
    positions in `parameters` of the links L1 froze. The arrays are the checkpoint's own: do
    not change them.
    """

    steps: int
    parameters: "array[float]"
    gradients: "array[float]"
    count: int
    dead: tuple[int, ...]


def checkpoint_of(network: Network, steps: int) -> PlaygroundCheckpoint:
    """The network's numbers after `steps` epochs, copied (a few microseconds a hundred)."""
    count = network.layers[0].count if network.layers else 0
    gradients: array[float] = array("d")
    dead: list[int] = []
    position = 0
    for layer in network.layers:
        for k, weights in enumerate(layer.weights):
            if count:
                gradients.extend(layer.d_weights[k])
                gradients.append(layer.d_biases[k])
            dead.extend(position + j for j, is_dead in enumerate(layer.dead[k]) if is_dead)
            position += len(weights) + 1
    return PlaygroundCheckpoint(
        steps, array("d", network.parameters()), gradients, count, tuple(dead)
    )


def restore_network(network: Network, checkpoint: PlaygroundCheckpoint) -> None:
    """Put the checkpoint's numbers into the network (of the same shape).

    Raises ValueError, changing nothing, if they cannot be this network's.
    """
    count = len(network.parameters())
    if len(checkpoint.parameters) != count:
        raise ValueError(
            f"the checkpoint holds {len(checkpoint.parameters)} weights and biases, "
            f"the network {count}"
        )
    if len(checkpoint.gradients) not in (0, count) or bool(checkpoint.gradients) != bool(
        checkpoint.count
    ):
        raise ValueError("the checkpoint's gradients do not fit the network")
    links = {
        position + j
        for position, size in _neurons(network)
        for j in range(size)  # a weight's position; a bias (at position + size) cannot die
    }
    if checkpoint.count < 0 or not links.issuperset(checkpoint.dead):
        raise ValueError("the checkpoint's dead links or sample count are not the network's")
    network.set_parameters(checkpoint.parameters)
    dead = set(checkpoint.dead)
    gradients = checkpoint.gradients
    position = 0
    for layer in network.layers:
        for k, weights in enumerate(layer.weights):
            size = len(weights)
            if gradients:
                layer.d_weights[k] = gradients[position : position + size].tolist()
                layer.d_biases[k] = gradients[position + size]
            else:
                layer.d_weights[k] = [0.0] * size
                layer.d_biases[k] = 0.0
            layer.dead[k] = [position + j in dead for j in range(size)]
            position += size + 1
        layer.count = checkpoint.count


def _neurons(network: Network) -> list[tuple[int, int]]:
    """Each neuron's first position in `parameters`, and how many weights it has."""
    neurons = []
    position = 0
    for layer in network.layers:
        for weights in layer.weights:
            neurons.append((position, len(weights)))
            position += len(weights) + 1
    return neurons
