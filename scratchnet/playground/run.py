"""A Playground run: playground.ts's generateData, reset, oneStep and getLoss, in Python.

    run = PlaygroundRun.from_url("#dataset=xor&seed=0.80007")
    run.step_epoch()
    run.train_loss, run.test_loss

The order of everything that draws a random number is the Playground's: seed the generator
with the URL's seed, draw the points, shuffle them, split them, then draw the weights. An epoch
is `oneStep`: one pass over the training points in that (fixed) order, updating the weights
every `batchSize` points; points left over at the end of the pass are not lost, their gradients
join the first batch of the next pass. After each epoch the loss is measured over the whole
training set and the whole test set.
"""

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from scratchnet.features import expand
from scratchnet.playground.checkpoint import PlaygroundCheckpoint, checkpoint_of, restore_network
from scratchnet.playground.compiled import mean_loss, outputs, train_epoch
from scratchnet.playground.datasets import Point, generate_data
from scratchnet.playground.network import Network
from scratchnet.playground.seedrandom import SeedRandom
from scratchnet.playground.state import FEATURE_KEYS, PlaygroundState

# A point as the network takes it: its features, in the run's order, and its label.
Example = tuple[list[float], float]


@dataclass(frozen=True)
class NodeWeights:
    """One neuron as the references write it: nn.ts's id, its bias and its input weights."""

    id: str
    bias: float
    weights: tuple[float, ...]


class PlaygroundRun:
    """One Playground run: its settings, its points and its network, trained epoch by epoch."""

    def __init__(self, state: PlaygroundState) -> None:
        self.state = state
        self.inputs = state.inputs()
        self.regression = state.problem == "regression"
        rand = SeedRandom(state.seed).random
        generator = state.reg_dataset if self.regression else state.dataset
        self.train_points, self.test_points = generate_data(
            rand, generator, state.noise, state.perc_train_data, self.regression
        )
        self.network = Network(
            len(self.inputs),
            state.network_shape,
            state.activation,
            self.regression,
            rand,
            state.init_zero,
        )
        self._train = self._examples(self.train_points)
        self._test = self._examples(self.test_points)
        self.epoch = 0
        # The losses after every epoch, epoch 0 (the start) first, in compact arrays of floats.
        self.train_losses = array("d", [self._loss(self._train)])
        self.test_losses = array("d", [self._loss(self._test)])

    @classmethod
    def from_url(cls, text: str) -> "PlaygroundRun":
        """The run a Playground URL (or its `#...` hash) describes; see `PlaygroundState`."""
        return cls(PlaygroundState.from_url(text))

    def _examples(self, points: list[Point]) -> list[Example]:
        inputs = self.inputs
        return [(expand(x, y, inputs), label) for x, y, label in points]

    def step_epoch(self) -> tuple[float, float]:
        """oneStep: one pass over the training points; returns (train loss, test loss) after."""
        state = self.state
        train_epoch(
            self._train,
            self.network,
            state.batch_size,
            state.learning_rate,
            state.regularization,
            state.regularization_rate,
        )
        self.epoch += 1
        train_loss, test_loss = self._loss(self._train), self._loss(self._test)
        self.train_losses.append(train_loss)
        self.test_losses.append(test_loss)
        return train_loss, test_loss

    def _loss(self, examples: list[Example]) -> float:
        """getLoss: the mean of 1/2 (output - label)^2 over these points."""
        return mean_loss(examples, self.network)

    def checkpoint(self) -> PlaygroundCheckpoint:
        """Where the run is now, frozen: `restore` puts this run (or a twin) back here."""
        return checkpoint_of(self.network, self.epoch)

    def restore(
        self,
        checkpoint: PlaygroundCheckpoint,
        *,
        losses: Sequence[tuple[float, float]] | None = None,
    ) -> None:
        """Put the run back where `checkpoint` says; the next epoch is then the one that came
        next, to the last bit (the gradients carried over and the dead links included).

        The losses are kept up to the checkpoint's epoch and the rest dropped (going back on
        this run); a run that never trained those epochs (a fresh one, for a saved run) is given
        them: `losses`, (train, test) for epoch 0 to the checkpoint's. The settings stay as
        they are. Raises ValueError, changing nothing, if the checkpoint cannot be this run's.
        """
        epochs = checkpoint.steps
        if losses is None:
            if not 0 <= epochs < len(self.train_losses):
                raise ValueError(f"the run has no losses of epoch {epochs}")
            train, test = self.train_losses[: epochs + 1], self.test_losses[: epochs + 1]
        else:
            if len(losses) != epochs + 1:
                raise ValueError(
                    f"a run at epoch {epochs} needs {epochs + 1} losses, got {len(losses)}"
                )
            train = array("d", (pair[0] for pair in losses))
            test = array("d", (pair[1] for pair in losses))
        restore_network(self.network, checkpoint)
        self.epoch = epochs
        self.train_losses, self.test_losses = train, test

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change the learning rate from the next update on, as the Playground does (live).

        Every other setting restarts a run: make a new `PlaygroundRun` (see state.py).
        """
        self.state = self.state.with_changes(learning_rate=learning_rate)

    @property
    def losses(self) -> list[tuple[float, float]]:
        """(train loss, test loss) after every epoch, epoch 0 first (a new list: O(epochs))."""
        return list(zip(self.train_losses, self.test_losses))

    @property
    def train_loss(self) -> float:
        """The loss over the whole training set after the last epoch (or at the start)."""
        return self.train_losses[-1]

    @property
    def test_loss(self) -> float:
        """The loss over the whole test set after the last epoch (or at the start)."""
        return self.test_losses[-1]

    def predict(self, x: float, y: float) -> float:
        """The network's output at the point (x, y): what the picture colours."""
        return self.network.predict(expand(x, y, self.inputs))

    def predictions(self, points: Sequence[tuple[float, float]]) -> list[float]:
        """`predict` for many points at once, much faster: for a whole picture."""
        inputs = self.inputs
        return outputs([expand(x, y, inputs) for x, y in points], self.network)

    def _accuracy(self, examples: list[Example]) -> float:
        """The share of points whose output has the sign of their label; NaN once it blew up."""
        if not examples:
            return 0.0
        answers = outputs([inputs for inputs, _ in examples], self.network)
        if any(answer != answer for answer in answers):  # NaN: the run has blown up
            return math.nan
        right = sum(
            1 for answer, (_, label) in zip(answers, examples) if (answer >= 0) == (label >= 0)
        )
        return right / len(examples)

    def train_accuracy(self) -> float:
        """The share of training points on the right side of 0 (a pass over them)."""
        return self._accuracy(self._train)

    def test_accuracy(self) -> float:
        """The share of test points on the right side of 0 (a pass over them)."""
        return self._accuracy(self._test)

    def weights(self) -> list[list[NodeWeights]]:
        """Every neuron's bias and weights, per layer (first hidden to output), with nn.ts ids."""
        layers: list[list[NodeWeights]] = []
        node_id = 1
        for layer in self.network.layers:
            nodes = []
            for bias, weights in zip(layer.biases, layer.weights):
                nodes.append(NodeWeights(str(node_id), bias, tuple(weights)))
                node_id += 1
            layers.append(nodes)
        return layers

    @property
    def dead_links(self) -> list[str]:
        """The links L1 has frozen at 0, named as nn.ts names them: "source-destination"."""
        names: list[str] = []
        sources = [_input_key(name) for name in self.inputs]
        node_id = 1
        for layer in self.network.layers:
            targets = []
            for dead_row in layer.dead:
                names.extend(
                    f"{source}-{node_id}" for source, dead in zip(sources, dead_row) if dead
                )
                targets.append(str(node_id))
                node_id += 1
            sources = targets
        return names


def _input_key(name: str) -> str:
    """A feature's name as the Playground's node id: x2 is "xSquared"."""
    return {value: key for key, value in FEATURE_KEYS.items()}[name]
