"""Training: show the network every sample, add up the gradients, take one step downhill."""

import math
from array import array

from scratchnet.datasets import Sample
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.network import Network


class Trainer:
    """Full-batch gradient descent on one network and one dataset, one step at a time.

    `losses` keeps the mean loss of every step (in a compact array of floats, so a million steps
    cost 8 MB, not 32). If the numbers blow up, the trainer stops updating and sets `diverged`
    instead of raising, so a program driving it can tell the user and carry on.
    """

    def __init__(self, network: Network, dataset: list[Sample], learning_rate: float) -> None:
        if not dataset:
            raise ValueError("the dataset is empty")
        self.network = network
        self.dataset = dataset
        self.learning_rate = learning_rate
        self.steps = 0
        self.losses: array[float] = array("d")
        self.diverged = False
        # Each sample's inputs as the list the network takes, made once rather than every step.
        self._samples = [([x, y], target) for x, y, target in dataset]

    def step(self) -> float:
        """One full-batch step; returns that step's mean loss (before the update).

        Once the run has diverged this does nothing and returns NaN.
        """
        if self.diverged:
            return math.nan
        network = self.network
        network.zero_grad()
        loss = 0.0
        num_samples = len(self.dataset)
        forward, backward = network.forward, network.backward
        for inputs, target in self._samples:
            predict = forward(inputs)
            loss += square_loss(predict, target)
            backward(square_loss_derivative(predict, target) / num_samples)
        loss = loss / num_samples
        if not (math.isfinite(loss) and _gradients_are_finite(network)):
            self.diverged = True
            return loss
        network.update_params(self.learning_rate)
        self.steps += 1
        self.losses.append(loss)
        if not _parameters_are_finite(network):
            self.diverged = True
        return loss

    @property
    def loss(self) -> float:
        """The last step's mean loss, or NaN before the first step."""
        return self.losses[-1] if self.losses else math.nan


def _gradients_are_finite(network: Network) -> bool:
    """True unless some gradient is infinite or NaN (one bad number makes the sum bad)."""
    total = 0.0
    for layer in network.layers:
        for neuron in layer:
            total += neuron.d_bias + sum(neuron.d_weights)
    return math.isfinite(total)


def _parameters_are_finite(network: Network) -> bool:
    """True unless some weight or bias is infinite or NaN."""
    return all(math.isfinite(value) for value in network.parameters())
