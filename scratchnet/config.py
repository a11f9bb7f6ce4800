"""One training run, described: every setting that decides what the network learns.

The command line, the terminal app and saved runs all speak in `RunConfig`, so a run made one
way can be repeated any other way. What each setting means, and which values it takes, is
declared once in `settings.py`; a `RunConfig` checks itself against that when it is made.
"""

from dataclasses import dataclass

from scratchnet.datasets import Sample, dataset_size, make_dataset, split, split_sizes
from scratchnet.features import DEFAULT_FEATURES
from scratchnet.network import Network
from scratchnet.settings import SETTINGS
from scratchnet.trainer import Trainer


@dataclass(frozen=True)
class RunConfig:
    """The settings of a run; the defaults are the tutorial's.

    hidden, learning_rate, seed: the network's shape, step size and starting weights; `seed`
        also shuffles mini-batches.
    dataset_name: "grid" (the tutorial's grid, `density` sets its size), "xor", "gauss" or
        "spiral" (`points` points, `noise` percent from 0 to 50, drawn from `data_seed`). The
        settings a dataset ignores keep their values, unused (see `settings.py`).
    train_ratio: the percentage of points trained on (10 to 100); the rest are the test set,
        picked using `data_seed`.
    features: the inputs, e.g. ("x", "y", "x2", "y2") (see `features.py`).
    activation: the hidden neurons' ("sigmoid", "tanh", "relu", "linear"); the output neuron
        is always sigmoid.
    regularisation, regularisation_rate: "none", "l1" or "l2", and how hard it pulls.
    batch_size: None for full batch, or the number of points per step.
    speed: steps a second in the app (math.inf: max); it changes nothing of what is learnt,
        and `scratchnet train` ignores it (it always trains flat out).
    """

    # In the order of settings.SETTINGS, the order of the panel and of a saved run's settings.
    speed: float = 200.0
    learning_rate: float = 10.0
    activation: str = "sigmoid"
    regularisation: str = "none"
    regularisation_rate: float = 0.001
    dataset_name: str = "grid"
    train_ratio: float = 100.0
    noise: float = 0.0
    batch_size: int | None = None
    features: tuple[str, ...] = DEFAULT_FEATURES
    hidden: tuple[int, ...] = (4,)
    points: int = 500
    density: int = 10
    data_seed: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        """Check every setting (see `settings.py`): a RunConfig that exists is a valid one.

        Values are also put in their one form, so (8, 8) and [8, 8] make equal configs, and so
        do 10 and 10.0. A bad value raises ValueError with the reason, in one line.
        """
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            checked = setting.check(value)
            if checked is not value:
                object.__setattr__(self, setting.name, checked)

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

    def point_counts(self) -> tuple[int, int]:
        """(training points, test points) that `split` gives, worked out without drawing any."""
        count = dataset_size(self.dataset_name, density=self.density, points=self.points)
        return split_sizes(count, self.train_ratio)

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
        """The command-line options that give this run back.

        Defaults are left out, and so are the settings its dataset ignores: the command line
        refuses them (see `settings.py`).
        """
        default = RunConfig()
        words: list[str] = []
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if value != getattr(default, setting.name) and setting.applies(self.dataset_name):
                words += [setting.flag, setting.text(value)]
        return words
