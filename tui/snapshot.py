"""One frame of the app, made in the training worker: frozen, so no thread can change it later.

Nothing here imports Textual: the session that makes snapshots is plain Python, shared by the
app, the tests and the benchmarks.
"""

from dataclasses import dataclass
from typing import Literal

from scratchnet.config import RunConfig
from scratchnet.datasets import Sample

State = Literal["running", "paused", "diverged"]
Grid = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, eq=False, repr=False)
class Snapshot:
    """Everything one frame shows, computed in the worker, immutable once made.

    `grid` holds colour levels (see `tui.palette`), one row per half-cell, top row first, sampled
    at the size the prediction pane asked for. `losses` is the loss history downsampled to about
    twice the plot's width: (step, loss) pairs.
    """

    step: int
    loss: float
    config: RunConfig
    state: State
    steps_per_second: float
    losses: tuple[tuple[int, float], ...]
    grid: Grid
    points: tuple[Sample, ...]

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
