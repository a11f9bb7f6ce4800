"""A run, whichever engine is behind it: the one contract between training and everything else.

scratchnet trains two kinds of run. The tutorial's (`Trainer` and `Network`, exact to the
tutorial) and TensorFlow Playground's (`scratchnet/playground/`, exact to the Playground's own
code, and compiled for speed). Their arithmetic must stay apart: each is faithful to a different
reference. What shows a run, keeps it or changes it (the picture, the neurons, the probe, the
diagram, the gradient check, the timeline, the files, the status line, the panel, the palette,
the keys) should not care which it is. So both are offered through `Run`, below, and a program
asks "which kind?" in one place only: `scratchnet/modes/`, which makes the right run for a
start or a file.

    run = make_run(RunConfig())  # or make_run(PlaygroundState.from_url(url))
    run.step()                    # one step of the tutorial, one epoch of the Playground
    run.forward(0.5, -1.0)        # every layer's outputs at that point
    run.losses().train[-1]

What a run hands out is frozen (the dataclasses below, and `scratchnet.probe`'s `Probe`): a view
may keep it while the run trains on.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from scratchnet.config import RunConfig
from scratchnet.datasets import Sample
from scratchnet.features import LABELS
from scratchnet.settings import Setting
from scratchnet.timeline import Checkpoints

if TYPE_CHECKING:  # only named here: a tutorial's run never imports the Playground's code
    from scratchnet.playground.state import PlaygroundState
    from scratchnet.probe import Probe  # nor, before its first look inside, the probe's

# The settings of a run: the tutorial's, or a Playground URL's. Each kind has its table of
# `Setting`s (`Run.settings_table`), and `getattr(settings, setting.name)` is a setting's value.
Settings: TypeAlias = "RunConfig | PlaygroundState"

# grids[layer][neuron][row][column]: one picture per neuron (see `Run.neuron_pictures`).
NeuronGrids = list[list[list[list[float]]]]


@dataclass(frozen=True)
class Domain:
    """Where the picture is drawn, and what the output means there.

    The picture spans [low, high] on both axes: [-2, 2] for the tutorial, [-6, 6] for the
    Playground. The output runs from `output_low` to `output_high` (0 to 1 through the
    tutorial's sigmoid, -1 to 1 through the Playground's tanh) and a point is on the positive
    side from `threshold` on (0.5, or 0): what "discretize" draws and what accuracy counts.
    """

    low: float
    high: float
    output_low: float
    output_high: float
    threshold: float


@dataclass(frozen=True)
class LayerView:
    """One layer of the network as it is now: what the diagram and the neuron view draw.

    `weights[k][j]` is neuron k's weight from input j (a feature for the first layer, a neuron
    of the layer before for the others), `biases[k]` its bias, `activation` the name of the
    layer's activation ("tanh"), and `dead[k][j]` True for a link L1 regularisation froze at
    exactly 0 for good (the Playground's; the tutorial's links never die).
    """

    weights: tuple[tuple[float, ...], ...]
    biases: tuple[float, ...]
    activation: str
    dead: tuple[tuple[bool, ...], ...]


@dataclass(frozen=True)
class ShapeRules:
    """How the keys may change the network's shape, by this kind of run's own rules.

    `setting` names the setting that holds the hidden layers' sizes ("hidden", or the
    Playground's "network_shape"); a run has at most `most_layers` hidden layers of 1 to
    `most_neurons` neurons; a new layer has `new_layer` neurons (None: as many as the layer
    beside it); the network takes at least `fewest_features` inputs.
    """

    setting: str
    most_layers: int
    most_neurons: int
    new_layer: int | None
    fewest_features: int


@dataclass(frozen=True)
class Losses:
    """The losses the curves and the status line show, oldest first.

    `train[i]` and `test[i]` (empty without a test set) were measured at `at[i]` steps or
    epochs; `at` None means at step i + 1. The tutorial's are every step's in full batch, or
    the whole sets' after each epoch of mini-batches; the Playground's are the whole sets'
    after every epoch, from epoch 1 (before training, `Run.loss` and `Run.test_loss` say them).
    """

    train: Sequence[float]
    test: Sequence[float]
    at: Sequence[int] | None


@dataclass(frozen=True)
class View:
    """How the picture shows the run, beside what it learns: test points drawn or not, and the
    output drawn in two colours only (the Playground's "discretize"). A Playground URL keeps
    both (`showTestData`, `discretize`), so they are the run's, to be given back with it."""

    show_test_data: bool
    discretize: bool


@dataclass(frozen=True)
class Passes:
    """The forward and backward passes of many points at once, as a training step makes them:
    what `scratchnet.health` measures a run's health from, in one pass over the points.

    `outputs[layer][point][neuron]` is that neuron's output at that point, and
    `d_sums[layer][point][neuron]` d(that point's loss)/d(the neuron's weighted sum z): the
    gradient the backward pass hands that neuron for that point alone (the run's own loss, not
    divided by the number of points). `gradient` is `Run.gradient` of the same points: the
    mean over them, the penalty's slope added, in `parameters` order.
    """

    outputs: tuple[tuple[tuple[float, ...], ...], ...]
    d_sums: tuple[tuple[tuple[float, ...], ...], ...]
    gradient: tuple[float, ...]


class Run(Protocol):
    """A run, through which every view, file and key sees it, whichever engine trains it.

    Between two calls of `step` (the worker's thread), anything below may be called; what is
    handed out is frozen. Only `step`, `restore`, `go_back`, `keep_present`, `set_parameter`,
    `set_parameter_at`, `set_view` and `change_settings` change the run: looking inside
    (forward, backward, the pictures, the gradient's parts, the passes a health measurement
    reads) leaves it exactly as it was, bit for bit. `copy` alone may also be called from
    another thread while a step is under way (quitting saves a copy): it is of the run as it
    was between two steps.
    """

    # -- what kind of run it is -------------------------------------------------------------

    @property
    def unit(self) -> str:
        """What one `step` takes: "step" (the tutorial's, one batch) or "epoch" (the
        Playground's, one pass over the training points)."""
        ...

    @property
    def domain(self) -> Domain:
        """Where the picture is drawn, and the output's range."""
        ...

    @property
    def settings_table(self) -> tuple[Setting, ...]:
        """Every setting of this kind of run, declared once: the panel, the palette, the keys
        and the files loop over it (`SETTINGS`, or the Playground's `PLAYGROUND_SETTINGS`)."""
        ...

    @property
    def settings(self) -> Settings:
        """The settings the run has now (`getattr(run.settings, setting.name)`)."""
        ...

    @property
    def shape_rules(self) -> ShapeRules:
        """How far the keys may grow or shrink the network."""
        ...

    def change_settings(self, changes: Mapping[str, Any]) -> "Run":
        """The run to go on with after these settings (by name) change, by this kind's rules.

        A live setting (the learning rate, say) changes this run from its next step: the answer
        is this very run. Anything else starts a new run, which is the answer (this one is then
        left as it was, for a ghost curve); a Playground run draws new points under a new seed
        when the data changes, as its page does. Raises ValueError, one line, changing nothing,
        for an unknown setting or a value the table refuses.
        """
        ...

    @property
    def dataset_setting(self) -> str:
        """The setting that names the run's data, which `d` steps through ("dataset_name"; the
        Playground's "dataset", or "reg_dataset" for its regression problem)."""
        ...

    def seed_after(self, delta: int) -> Any:
        """The seed `s` (`delta` 1) or `S` (-1) goes to: the tutorial's next or previous
        number, a Playground run's a new one (its seeds are words its "regenerate" draws).
        Raises ValueError, one line, where there is none (below the tutorial's seed 0)."""
        ...

    def repeat(self) -> str:
        """The command line that starts this very run again (a Playground run's holds its URL)."""
        ...

    @property
    def url(self) -> str | None:
        """The TensorFlow Playground URL of the run as it is now (its view included), or None
        for the tutorial's, which has none."""
        ...

    @property
    def view(self) -> View:
        """How the picture shows the run (see `View`)."""
        ...

    def set_view(self, view: View) -> None:
        """Show the run so from now on (kept in its URL and its file; nothing learnt changes)."""
        ...

    # -- its data -----------------------------------------------------------------------------

    @property
    def features(self) -> tuple[str, ...]:
        """The network's inputs, in order, by scratchnet's names ("x", "x2", "sinx")."""
        ...

    @property
    def train_points(self) -> Sequence[Sample]:
        """The training points, (x, y, label), in the order the run learns from them."""
        ...

    @property
    def test_points(self) -> Sequence[Sample]:
        """The points held out for testing (none at a training share of 100 %)."""
        ...

    # -- training -----------------------------------------------------------------------------

    @property
    def steps(self) -> int:
        """How many steps (or epochs: `unit`) the run has taken."""
        ...

    @property
    def epoch(self) -> int:
        """How many passes over the training points the run has finished: the tutorial's
        epochs of mini-batches (in full batch every step is one), the Playground's epochs."""
        ...

    @property
    def diverged(self) -> bool:
        """True once the run's numbers stopped being finite: `step` then does nothing."""
        ...

    def step(self) -> None:
        """One step (or epoch), and a checkpoint of it on the run's timeline when one is due."""
        ...

    def losses(self) -> Losses:
        """The losses so far (see `Losses`): for the curves."""
        ...

    @property
    def loss(self) -> float:
        """The training loss the status line shows (NaN before the first step of a tutorial
        run: it measures a step's batch as it learns from it)."""
        ...

    @property
    def test_loss(self) -> float | None:
        """The test loss the status line shows; None without a test set."""
        ...

    def accuracy(self) -> tuple[float, float | None]:
        """(training, test) share of points on the right side of `domain.threshold` (a pass
        over both sets); the test one None without a test set."""
        ...

    # -- inside the network -------------------------------------------------------------------

    def layers(self) -> tuple[LayerView, ...]:
        """Every layer, the hidden ones first and the output last, as it is now."""
        ...

    def forward(self, x: float, y: float) -> "Probe":
        """The forward pass at the point (x, y): the inputs, and every neuron's weighted sum
        and output, layer by layer (`Probe`, its `backward` None)."""
        ...

    def backward(self, x: float, y: float, target: float) -> "Probe":
        """`forward` at (x, y), and the backward pass of that one point with label `target`,
        in the run's own loss (the tutorial's (o - t)^2, the Playground's 1/2 (o - t)^2)."""
        ...

    def picture(self, columns: int, rows: int) -> list[list[float]]:
        """The output at the centre of each cell of the domain, row 0 at the top."""
        ...

    def neuron_pictures(self, columns: int, rows: int) -> NeuronGrids:
        """Every neuron's own output over the domain, as `picture` samples it."""
        ...

    def set_parameter(self, layer: int, neuron: int, source: int | None, value: float) -> None:
        """Set neuron `neuron` of layer `layer`'s weight from input `source`, or its bias
        (`source` None), by hand, between two steps; the timeline's checkpoint of this step then
        holds the new value. Raises ValueError, changing nothing, for a place the network does
        not have or a number that is not finite. A dead link stays dead, frozen at the typed
        value, as in the Playground (its updateWeights skips a dead link, whatever its weight)."""
        ...

    def looking_back(self, index: int) -> "Run":
        """The run as it was at checkpoint `index` of its timeline, to draw, probe and read: a
        look-alike with the checkpoint's weights and biases (and dead links), whose `steps`,
        `epoch`, `loss` and `test_loss` are the ones it had then (its `losses()` are the whole
        run's, for the curves). It shares the data and must not be trained or changed; the run
        itself is not touched."""
        ...

    # -- what a gradient check needs ----------------------------------------------------------

    def parameters(self) -> list[float]:
        """Every weight and bias: layer by layer, neuron by neuron, its weights then its bias."""
        ...

    def set_parameter_at(self, index: int, value: float) -> None:
        """Put `value` in place of `parameters()[index]` (to nudge it: do it on a `copy`)."""
        ...

    def sample_losses(self, points: Sequence[Sample]) -> list[float]:
        """Each point's data loss, in the run's own loss (no penalty)."""
        ...

    def penalty(self) -> float:
        """What regularisation adds to the loss: rate * the sum of R(w) over the weights."""
        ...

    def gradient(self, points: Sequence[Sample]) -> list[float]:
        """d/d(parameter) of mean(sample_losses(points)) + penalty(), by backpropagation, in
        `parameters` order: the slope a step of these points goes down (L1's slope at exactly
        0 is taken as 0, as both engines take it)."""
        ...

    def passes(self, points: Sequence[Sample]) -> Passes:
        """Every layer's outputs and every neuron's gradient at each of these points, and the
        `gradient` of them all, from one forward and one backward pass per point (see
        `Passes`): the engine's own, as a step runs them. The run is left as it was."""
        ...

    # -- where it is, exactly -----------------------------------------------------------------

    def state(self) -> Any:
        """Where the run is now, frozen; `restore` puts it (or a copy) back there, after which
        its steps are the very ones that followed, to the last bit."""
        ...

    def restore(self, state: Any) -> None:
        """Go back to `state` (from this run or a copy): the losses after it are dropped.
        Raises ValueError, changing nothing, for a state that cannot be this run's."""
        ...

    def copy(self) -> "Run":
        """An independent run, exactly where this one is (its timeline too): training or
        changing either leaves the other as it was."""
        ...

    # -- its past -----------------------------------------------------------------------------

    @property
    def timeline(self) -> Checkpoints[Any]:
        """The run's checkpoints, kept as it steps (see `scratchnet.timeline`), to read: their
        `steps`, `nearest(step)`, `parameters_at(index)` and `at(index)` (a whole `state`);
        `looking_back(index)` shows one. Change it through the run only (below)."""
        ...

    def keep_present(self) -> None:
        """Keep the run as it is now on its timeline, due or not (when training pauses), so
        that looking back can come back to exactly here."""
        ...

    def go_back(self, index: int) -> None:
        """Go on from checkpoint `index`: the run is put back there exactly, and the
        checkpoints after it are forgotten (the future a fork leaves)."""
        ...

    # -- files --------------------------------------------------------------------------------

    def save(self, path: str, replace_foreign: bool = False) -> None:
        """Save the run, its timeline and (a Playground run's) its URL, atomically; open it
        again with `scratchnet.modes.open_run`. Only a new file or a scratchnet run is
        replaced, unless `replace_foreign` (a person said yes). Raises RunFileError, one line."""
        ...

    def export_losses(self, path: str, replace_foreign: bool = False) -> None:
        """Write the run's losses as CSV (`scratchnet.export`): one row per step (the
        tutorial's every step, a Playground run's every epoch), atomically; only over a new
        file or a scratchnet CSV, unless `replace_foreign`. Raises RunFileError, one line."""
        ...


def described(run: Run) -> str:
    """What the run is, in the few words a screen keeps in view: its data, its hidden
    activation, its inputs and its layers' sizes, inputs to output: `xor · tanh · x,y · 2-4-4-1`.

    Only settings, by the run's own table: a key that changes one of them (the data, the
    activation, a layer, a feature) changes the words at once.
    """
    settings = run.settings
    dataset = getattr(settings, run.dataset_setting)
    activation = getattr(settings, "activation")  # noqa: B009 (every kind of run has one)
    hidden: tuple[int, ...] = getattr(settings, run.shape_rules.setting)
    features = run.features
    sizes = "-".join(str(size) for size in (len(features), *hidden, 1))
    inputs = ",".join(LABELS.get(name, name) for name in features)
    return " · ".join((str(dataset), str(activation), inputs, sizes))


def losses_now(run: Run) -> tuple[float, float | None]:
    """The training and test losses of the network as it is now (the test one None without a
    test set), in the run's own loss: a forward pass over both sets.

    A step's loss is measured as it learns, before its update, so once a weight is set by hand
    the last step's loss is of a network that is gone: these are the numbers to show then.
    """
    from statistics import fmean  # here: the statistics module takes a while to import

    test = run.test_points
    return fmean(run.sample_losses(run.train_points)), (
        fmean(run.sample_losses(test)) if test else None
    )


@dataclass(frozen=True)
class Place:
    """Where `parameters()[i]` is: neuron `neuron` of layer `layer`, its weight from input
    `source`, or its bias (`source` None)."""

    layer: int
    neuron: int
    source: int | None


def places(layers: Sequence[LayerView]) -> list[Place]:
    """The place of every parameter, in `Run.parameters` order (for a gradient check's report)."""
    found: list[Place] = []
    for depth, layer in enumerate(layers):
        for neuron, weights in enumerate(layer.weights):
            found.extend(Place(depth, neuron, source) for source in range(len(weights)))
            found.append(Place(depth, neuron, None))
    return found
