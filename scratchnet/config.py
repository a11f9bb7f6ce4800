"""One training run, described: every setting that decides what the network learns.

The command line, the terminal app and saved runs all speak in `RunConfig`, so a run made one
way can be repeated any other way.
"""

from dataclasses import dataclass

from scratchnet.datasets import Sample, circle
from scratchnet.network import Network
from scratchnet.trainer import Trainer


@dataclass(frozen=True)
class RunConfig:
    """The settings of a run; the defaults are the tutorial's."""

    hidden: tuple[int, ...] = (4,)
    learning_rate: float = 10.0
    seed: int = 0
    density: int = 10

    def dataset(self) -> list[Sample]:
        return circle(self.density)

    def network(self) -> Network:
        return Network(2, list(self.hidden), seed=self.seed)

    def trainer(self) -> Trainer:
        """A fresh network with this seed, ready to train on this data at this rate."""
        return Trainer(self.network(), self.dataset(), self.learning_rate)

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
        return words


def number_text(value: float) -> str:
    """A number as short as it can be written and still read back exactly: 10, 0.003, 1e-05."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)
