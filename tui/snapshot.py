"""What the training worker sends the app: frames, and one-off events, all frozen.

A `Snapshot` is one frame: the app shows the newest and may skip older ones it has not drawn
yet. A `Notice` (one line about a command) and a `GradientReport` are events: each is shown once.

Nothing here imports Textual: the session that makes snapshots is plain Python, shared by the
app, the tests and the benchmarks.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scratchnet.datasets import Sample
from scratchnet.diagnosis import Diagnosis
from scratchnet.health import Health
from scratchnet.modes.tutorial import DOMAIN, START_VIEW
from scratchnet.run import Domain, Settings, View
from scratchnet.settings import SETTINGS, Setting

if TYPE_CHECKING:  # only named here: the first frame is made without the looks inside' code
    from scratchnet.gradcheck import CheckProgress, LayerCheck
    from scratchnet.probe import Probe
    from tui.drawing.diagram_cursor import Cursor, Link

State = Literal["running", "paused", "diverged", "replaying"]
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
class DiagramFrame:
    """The network diagram's data: every node's small picture and every weight, frozen.

    `feature_pictures[i]` is input feature `features[i]` over the square and `pictures[l][n]`
    neuron n of `network.layers[l]`, each as colour levels like `NeuronPicture.grid`.
    `weights[l][n]` are that neuron's incoming weights, `biases[l][n]` its bias, and
    `activations[l]` its layer's activation; `dead[l][n][j]` is True for a link L1 froze at 0
    for good (a Playground run's; empty: none is). `cursor` is what the diagram highlights and
    describes (see `tui.drawing.diagram_cursor` for how columns and links are numbered).

    `inputs[i]` says which of the network's inputs feature `features[i]` is, or None for a
    feature switched off: it is drawn, dimmed and without links, so it can be turned on again.
    Empty `inputs` means every feature is on, in order.
    """

    features: tuple[str, ...]
    feature_pictures: tuple[Grid, ...]
    pictures: tuple[tuple[Grid, ...], ...]
    biases: tuple[tuple[float, ...], ...]
    weights: tuple[tuple[tuple[float, ...], ...], ...]
    activations: tuple[str, ...]
    cursor: "Cursor | None" = None
    inputs: tuple[int | None, ...] = ()
    dead: tuple[tuple[tuple[bool, ...], ...], ...] = ()
    marks: tuple[tuple[str, ...], ...] = ()
    """`marks[l][n]`: what the last health measurement found neuron n of `network.layers[l]`
    to be, "saturated", "dead" or "" (see `tui.session.health_watch`); empty: none measured."""

    @property
    def shape(self) -> tuple[int, ...]:
        """How many nodes each column has: (inputs, hidden layer sizes..., 1)."""
        return (len(self.features), *(len(layer) for layer in self.pictures))

    def input_of(self, feature: int) -> int | None:
        """Which input of the network the feature at row `feature` is (None: switched off)."""
        return self.inputs[feature] if self.inputs else feature

    @property
    def off(self) -> frozenset[int]:
        """The rows of the features switched off: nodes without links."""
        return frozenset(row for row, input in enumerate(self.inputs) if input is None)

    def weight(self, link: "Link") -> float:
        """The weight a link stands for (its source must be a feature that is on)."""
        source = self.input_of(link.source) if link.layer == 1 else link.source
        if source is None:
            raise LookupError(f"feature {self.features[link.source]} is off: it has no links")
        return self.weights[link.layer - 1][link.target][source]

    def is_dead(self, link: "Link") -> bool:
        """Whether L1 froze the link at 0 for good (drawn so, and edited so)."""
        source = self.input_of(link.source) if link.layer == 1 else link.source
        if not self.dead or source is None:
            return False
        return self.dead[link.layer - 1][link.target][source]


@dataclass(frozen=True)
class TimelineView:
    """Where the frame is on the run's timeline (see `scratchnet.timeline`).

    `first` and `last` are the steps of the run's first checkpoint and of its present; `shown`
    is the step of the checkpoint the frame shows while looking back (None: the present), and
    `checkpoints` how many the run keeps. `replaying`: the shown step moves on by itself.
    """

    first: int
    last: int
    shown: int | None = None
    checkpoints: int = 0
    replaying: bool = False
    edits: tuple[int, ...] = ()  # the steps at which a weight or bias was set by hand


@dataclass(frozen=True)
class HealthFrame:
    """The run's health as the worker last measured it (`tui.session.health_watch`).

    `history`: the last measurements (`scratchnet.health.Health`: every layer's figures, the
    loss's trend), oldest first; `every`: how many steps (or epochs, `unit`) apart they are;
    `shown`: the one line to show (`scratchnet.diagnosis.Watch`), None for a healthy run;
    `findings`: everything wrong in the last measurement, the most telling first.
    """

    every: int = 0
    unit: str = "step"
    history: tuple[Health, ...] = ()
    shown: Diagnosis | None = None
    findings: tuple[Diagnosis, ...] = ()

    @property
    def last(self) -> Health | None:
        """The last measurement, if any."""
        return self.history[-1] if self.history else None


NO_HEALTH = HealthFrame()


@dataclass(frozen=True)
class GradientReport:
    """A gradient check of the network as it was at `step`, layer by layer. `unit`: what a
    step of the run is called ("step", or a Playground "epoch"), for the report to say."""

    step: int
    layers: "tuple[LayerCheck, ...]"
    unit: str = "step"


@dataclass(frozen=True)
class Notice:
    """One line for the user about something the worker did or refused: shown once.

    `keep`: a line to read or copy (the path a file was written to), kept on screen until the
    user dismisses it, not a toast that goes by itself.
    """

    text: str
    error: bool = False
    keep: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class Snapshot:
    """Everything one frame shows, computed in the worker, immutable once made.

    `grid` holds colour levels (see `tui.drawing.colours`), one row per half-cell, top row
    first, sampled at the size the prediction pane asked for. `losses` and `test_losses` are the
    loss histories downsampled to about twice the plot's width. `ghost` is the previous run's
    training curve, with a label saying how that run differed, kept until the next reset.
    Accuracies are shares of points on the right side of the run's threshold; the figures of the
    test set are None without one. The points' labels are on the picture's 0-to-1 colour scale.

    What the run is, for the panel, the palette, the keys and the status line, comes from the
    run contract (scratchnet/run.py): its settings (`config`) and their table (`table`), its
    step `unit`, its `domain`, its `view`, the command that repeats it, its URL, and what it is
    in a few words (`identity`).
    """

    step: int
    loss: float
    config: Settings
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
    # With mini-batches the curves are per epoch (x: the epoch), and the status line shows the
    # whole sets' losses after the epoch (NaN until it ends; test None without a test set).
    per_epoch: bool = False
    speed: float = math.inf  # steps (epochs) a second the run trains at; infinity: max
    epoch_loss: float = math.nan
    epoch_test_loss: float | None = None
    test_points: tuple[Sample, ...] = ()
    ghost: tuple[str, Curve] | None = None
    probe: "Probe | None" = None  # the probed point's forward (and backward) pass
    activations: tuple[str, ...] = ()  # with the probe: each layer's activation, output last
    neurons: tuple[NeuronPicture, ...] = ()  # every neuron, when the neuron view is open
    shown_neuron: tuple[int, int] | None = None  # the neuron `grid` shows instead of the output
    diagram: DiagramFrame | None = None  # the network diagram's frame, when it is open
    domain: Domain = DOMAIN  # the square the picture shows, and the output's range
    url: str | None = None  # the TensorFlow Playground URL of the run on screen, if it has one
    timeline: TimelineView | None = None  # the run's past: where this frame is on it
    gradient_check: "CheckProgress | None" = None  # how far the check in progress (`g`) has got
    unit: str = "step"  # what one step of the run is: "step", or a Playground "epoch"
    table: tuple[Setting, ...] = SETTINGS  # the run's settings table
    repeat: str = ""  # the command line that starts this very run again
    view: View = START_VIEW  # test points drawn or not, the output discretized or not
    dataset: str = "grid"  # the run's dataset, by name: which settings apply to it
    health: HealthFrame = NO_HEALTH  # the run's health, measured every few steps, and its line
    identity: str = ""  # what the run is, in words: `xor · tanh · x,y · 2-4-4-1` (`described`)
    # Sent ahead, after a key: the status line is new, but the picture, the curves and the
    # panels are the frame before's, and the frame that has them new follows at once.
    pending: bool = False

    @property
    def learning_rate(self) -> float:
        return self.config.learning_rate

    def setting(self, name: str) -> Setting:
        """The run's setting of that name (its table's: the tutorial's, or the Playground's)."""
        return next(setting for setting in self.table if setting.name == name)

    @property
    def seed(self) -> int | str:
        """The tutorial's seeds are numbers; the Playground's are words, like 0.80007."""
        return self.config.seed

    def __repr__(self) -> str:
        return (
            f"Snapshot(step={self.step}, loss={self.loss}, state={self.state!r}, "
            f"lr={self.learning_rate}, seed={self.seed}, grid={len(self.grid)} rows)"
        )


Event = Snapshot | Notice | GradientReport
