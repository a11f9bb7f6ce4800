"""One training run, described: every setting that decides what the network learns.

The command line, the terminal app and saved runs all speak in `RunConfig`, so a run made one
way can be repeated any other way.
"""

from dataclasses import dataclass

from scratchnet.datasets import Sample, make_dataset, split
from scratchnet.features import DEFAULT_FEATURES
from scratchnet.network import Network
from scratchnet.trainer import Trainer


@dataclass(frozen=True)
class RunConfig:
    """The settings of a run; the defaults are the tutorial's.

    hidden, learning_rate, seed: the network's shape, step size and starting weights; `seed`
        also shuffles mini-batches.
    dataset_name: "circle" (the tutorial's grid, `density` sets its size), "xor", "gauss" or
        "spiral" (`points` points, `noise` percent from 0 to 50, drawn from `data_seed`).
    train_ratio: the percentage of points trained on (10 to 100); the rest are the test set,
        picked using `data_seed`.
    features: the inputs, e.g. ("x", "y", "x2", "y2") (see `features.py`).
    activation: the hidden neurons' ("sigmoid", "tanh", "relu", "linear"); the output neuron
        is always sigmoid.
    regularisation, regularisation_rate: "none", "l1" or "l2", and how hard it pulls.
    batch_size: None for full batch, or the number of points per step.
    """

    hidden: tuple[int, ...] = (4,)
    learning_rate: float = 10.0
    seed: int = 0
    density: int = 10
    dataset_name: str = "circle"
    points: int = 500
    noise: float = 0.0
    data_seed: int = 0
    train_ratio: float = 100.0
    features: tuple[str, ...] = DEFAULT_FEATURES
    activation: str = "sigmoid"
    regularisation: str = "none"
    regularisation_rate: float = 0.001
    batch_size: int | None = None

    def dataset(self) -> list[Sample]:
        """Every point of the dataset, training and test together."""
        return make_dataset(
            self.dataset_name,
            density=self.density,
            points=self.points,
            noise=self.noise,
            seed=self.data_seed,
        )

    def split(self) -> tuple[list[Sample], list[Sample]]:
        """(training set, test set); the test set is empty at a train ratio of 100 %."""
        return split(self.dataset(), self.train_ratio, self.data_seed)

    def network(self) -> Network:
        return Network(
            len(self.features), list(self.hidden), seed=self.seed, activation=self.activation
        )

    def trainer(self) -> Trainer:
        """A fresh network with this seed, ready to train on this data with these settings."""
        train, test = self.split()
        return Trainer(
            self.network(),
            train,
            self.learning_rate,
            test_set=test,
            features=self.features,
            batch_size=self.batch_size,
            regularisation=self.regularisation,
            regularisation_rate=self.regularisation_rate,
            seed=self.seed,
        )

    def options(self) -> list[str]:
        """The command-line options that give this run back (defaults left out)."""
        default = RunConfig()
        words: list[str] = []
        if self.learning_rate != default.learning_rate:
            words += ["--lr", number_text(self.learning_rate)]
        if self.seed != default.seed:
            words += ["--seed", str(self.seed)]
        if self.hidden != default.hidden:
            words += ["--hidden", ",".join(map(str, self.hidden))]
        if self.density != default.density:
            words += ["--density", str(self.density)]
        if self.dataset_name != default.dataset_name:
            words += ["--dataset", self.dataset_name]
        if self.points != default.points:
            words += ["--points", str(self.points)]
        if self.noise != default.noise:
            words += ["--noise", number_text(self.noise)]
        if self.data_seed != default.data_seed:
            words += ["--data-seed", str(self.data_seed)]
        if self.train_ratio != default.train_ratio:
            words += ["--train-ratio", number_text(self.train_ratio)]
        if self.features != default.features:
            words += ["--features", ",".join(self.features)]
        if self.activation != default.activation:
            words += ["--activation", self.activation]
        if self.regularisation != default.regularisation:
            words += ["--reg", self.regularisation]
        if self.regularisation_rate != default.regularisation_rate:
            words += ["--reg-rate", number_text(self.regularisation_rate)]
        if self.batch_size != default.batch_size:
            words += ["--batch-size", str(self.batch_size)]
        return words


def number_text(value: float) -> str:
    """A number as short as it can be written and still read back exactly: 10, 0.003, 1e-05."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)
