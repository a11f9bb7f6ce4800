"""One frame of the app, made in the training worker: frozen, so no thread can change it later.

Nothing here imports Textual: the session that makes snapshots is plain Python, shared by the
app, the tests and the benchmarks.
"""

from dataclasses import dataclass
from typing import Literal

from scratchnet.config import RunConfig
from scratchnet.datasets import Sample
from scratchnet.gradcheck import LayerCheck
from scratchnet.probe import Probe

State = Literal["running", "paused", "diverged"]
Grid = tuple[tuple[int, ...], ...]
Curve = tuple[tuple[int, float], ...]  # (step, loss) pairs


@dataclass(frozen=True)
class NeuronPicture:
    """One neuron for the neuron view: its output over the square as levels, and its numbers."""

    layer: int
    index: int
    grid: Grid
    bias: float
    weights: tuple[float, ...]


@dataclass(frozen=True)
class GradientReport:
    """A gradient check of the network as it was at `step`, layer by layer."""

    step: int
    layers: tuple[LayerCheck, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Snapshot:
    """Everything one frame shows, computed in the worker, immutable once made.

    `grid` holds colour levels (see `tui.palette`), one row per half-cell, top row first, sampled
    at the size the prediction pane asked for. `losses` and `test_losses` are the loss histories
    downsampled to about twice the plot's width. `ghost` is the previous run's training curve,
    with a label saying how that run differed, kept until the next reset. Accuracies are shares
    of points on the right side of 0.5; the test figures are None without a test set.
    """

    step: int
    loss: float
    config: RunConfig
    state: State
    steps_per_second: float
    losses: Curve
    grid: Grid
    points: tuple[Sample, ...]
    epoch: int = 0
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    test_losses: Curve = ()
    test_points: tuple[Sample, ...] = ()
    ghost: tuple[str, Curve] | None = None
    notice: str = ""  # a message for the user about the last command, e.g. a refused setting
    notice_is_error: bool = False
    probe: Probe | None = None  # the probed point's forward (and backward) pass
    neurons: tuple[NeuronPicture, ...] = ()  # every neuron, when the neuron view is open
    shown_neuron: tuple[int, int] | None = None  # the neuron `grid` shows instead of the output
    gradient_report: GradientReport | None = None

    @property
    def learning_rate(self) -> float:
        return self.config.learning_rate

    @property
    def seed(self) -> int:
        return self.config.seed

    def __repr__(self) -> str:
        return (
            f"Snapshot(step={self.step}, loss={self.loss}, state={self.state!r}, "
            f"lr={self.learning_rate}, seed={self.seed}, grid={len(self.grid)} rows)"
        )
