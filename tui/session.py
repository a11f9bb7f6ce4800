"""The training loop behind the app: commands in, snapshots out.

A `TrainingSession` owns the network. It runs in one thread (the app's worker); everything else
talks to it through `send`, a thread-safe queue of commands that it applies between two training
steps. It publishes frozen `Snapshot`s at most `fps` times a second, and right after a command,
so a key press shows at once. Nothing here imports Textual: the tests and the benchmarks drive
the same loop.
"""

import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from scratchnet.config import RunConfig
from scratchnet.export import export_csv
from scratchnet.gradcheck import gradient_check
from scratchnet.neuron import Neuron
from scratchnet.neurons_view import neuron_grids
from scratchnet.probe import Probe, find_sample, probe
from scratchnet.runfile import RunFileError, load_run, save_run
from scratchnet.surface import predict_grid
from scratchnet.trainer import Trainer
from tui.axis import nice_ceiling
from tui.learning_rates import rung_above, rung_below
from tui.palette import LEVELS, level_of
from tui.settings import setting_text
from tui.snapshot import Curve, GradientReport, Grid, NeuronPicture, Snapshot, State

GIL_SLICE = 0.005  # seconds of training between two voluntary hand-overs of the GIL
AFTER_COMMAND = 0.02  # seconds the worker stands aside after a key, so the UI shows it at once
PICTURE_SHARE = 0.03  # at most this share of the worker's time goes to sampling the picture
PICTURE_INTERVAL = 0.25  # and at most four new pictures a second,
PICTURE_BYTES_PER_SECOND = 10 * 1024  # fewer when they change a lot: rows cost bytes to send
BYTES_PER_CELL = 7  # about what one cell of a changed row costs on a 256-colour terminal
NEURON_PICTURE = (12, 12)  # a neuron's picture in the neuron view: 12 x 12 samples
HYSTERESIS = 0.75  # a cell changes level only when its prediction is this many levels away
CURVE_INTERVAL = 1.0  # seconds between two new loss curves (the status line shows every frame)


@dataclass(frozen=True)
class TogglePause:
    """Pause a running session, or resume a paused one."""


@dataclass(frozen=True)
class StepOnce:
    """Pause, then take exactly one training step."""


@dataclass(frozen=True)
class Reset:
    """New weights from the current seed; step 0, empty history."""


@dataclass(frozen=True)
class ChangeSeed:
    """Move the seed by `delta` (never below 0), then reset."""

    delta: int


@dataclass(frozen=True)
class SetLearningRate:
    """Use this learning rate from the next step on."""

    value: float


@dataclass(frozen=True)
class ClimbLearningRate:
    """Go one rung up (+1) or down (-1) the ladder of learning rates."""

    direction: int


@dataclass(frozen=True)
class SetGridSize:
    """The prediction pane's size in samples: columns, and rows of half-cells."""

    columns: int
    rows: int


@dataclass(frozen=True)
class SetPlotWidth:
    """The loss plot's width in cells: the history is downsampled to about twice that."""

    width: int


@dataclass(frozen=True)
class ChangeSettings:
    """Change settings of the run by name (RunConfig's fields); see `RESETTING`."""

    changes: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, **changes: object) -> "ChangeSettings":
        return cls(tuple(changes.items()))


@dataclass(frozen=True)
class SetProbe:
    """Probe the network at (x, y) from now on, or stop probing with None. On a training point
    (exactly: the app sends the point drawn in the cursor's cell), the backward pass too."""

    point: tuple[float, float] | None


@dataclass(frozen=True)
class SetNeuronView:
    """Send every neuron's own picture with each frame (True), or stop (False)."""

    on: bool


@dataclass(frozen=True)
class ShowNeuron:
    """Draw this neuron's output (layer, index) in the main picture, or the network's (None)."""

    neuron: tuple[int, int] | None


@dataclass(frozen=True)
class CheckGradients:
    """Compare backprop's gradients with finite differences, now, for the current network."""


@dataclass(frozen=True)
class SaveRun:
    """Save the run to a JSON file (atomically: an old file survives a failed save)."""

    path: str


@dataclass(frozen=True)
class LoadRun:
    """Replace the run with a saved one; a file that is refused leaves the run as it is."""

    path: str


@dataclass(frozen=True)
class ExportLosses:
    """Write the loss history as CSV: step, train loss, test loss."""

    path: str


@dataclass(frozen=True)
class Stop:
    """End `run`."""


Command = (
    TogglePause
    | StepOnce
    | Reset
    | ChangeSeed
    | SetLearningRate
    | ClimbLearningRate
    | SetGridSize
    | SetPlotWidth
    | ChangeSettings
    | SetProbe
    | SetNeuronView
    | ShowNeuron
    | CheckGradients
    | SaveRun
    | LoadRun
    | ExportLosses
    | Stop
)

# Settings that change the data, the inputs or the network start the run again, as TensorFlow
# Playground does; the others (learning rate, regularisation, batch size) apply from the next step.
RESETTING = frozenset(
    {
        "hidden",
        "seed",
        "density",
        "dataset_name",
        "points",
        "noise",
        "data_seed",
        "train_ratio",
        "features",
        "activation",
    }
)
LIVE = ("learning_rate", "regularisation", "regularisation_rate", "batch_size")


class StepRate:
    """Training steps per second over about the last second."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def clear(self) -> None:
        self.samples.clear()

    def add(self, now: float, steps: int) -> float:
        self.samples.append((now, steps))
        while len(self.samples) > 2 and now - self.samples[1][0] >= 1.0:
            self.samples.popleft()
        first_time, first_steps = self.samples[0]
        if now <= first_time:
            return 0.0
        return (steps - first_steps) / (now - first_time)


class TrainingSession:
    """Trains one run step by step, applying commands between steps."""

    def __init__(
        self,
        config: RunConfig,
        fps: float = 8.0,
        paused: bool = False,
        trainer: Trainer | None = None,
    ) -> None:
        """`trainer`, when given, is a run to go on with (a loaded one) made from `config`."""
        self.config = config
        self.fps = fps
        self.running = not paused
        self.trainer: Trainer = trainer or config.trainer()
        self.commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self.grid_size = (32, 32)
        self.plot_points = 160
        self.rate = StepRate()
        self.steps_per_second = 0.0
        self._points = tuple(self.trainer.dataset)
        self._test_points = tuple(self.trainer.test_set)
        self.stopping = threading.Event()
        self.finished = threading.Event()  # set when `run` has returned: the network is free
        # The last picture and curves sent, when new ones are due, and whether the network has
        # changed in a way that must show at once (a reset, a single step, a pause).
        self._grid: Grid = ()
        self._curve: Curve = ()
        self._test_curve: Curve = ()
        self._accuracy: tuple[float | None, float | None] = (None, None)
        self._grid_due = self._curve_due = 0.0
        self._stale = True
        self._ghost: tuple[str, Curve] | None = None
        self._started_with = config  # the settings this run began with, to label its ghost
        # Seeing inside: the probed point, the neuron view, the neuron drawn in the main picture.
        self._probe_at: tuple[float, float] | None = None
        self.neuron_view = False
        self._neurons: tuple[NeuronPicture, ...] = ()
        self.shown_neuron: tuple[int, int] | None = None
        self._gradient_report: GradientReport | None = None
        self._notice = ""
        self._notice_is_error = False

    def send(self, command: Command) -> None:
        """Queue a command; safe from any thread."""
        if isinstance(command, Stop):
            self.stopping.set()
        self.commands.put(command)

    def skip(self, steps: int) -> None:
        """Train `steps` steps before the first frame (`--skip-to`), stopping early on Stop."""
        for _ in range(steps):
            if self.trainer.diverged or self.stopping.is_set():
                return
            self.trainer.step()

    # -- the loop ------------------------------------------------------------------------------

    def run(self, publish: Callable[[Snapshot], object]) -> None:
        """Train until `Stop`, publishing snapshots. Blocks, using no CPU, while idle."""
        try:
            self._run(publish)
        finally:
            self.finished.set()

    def _run(self, publish: Callable[[Snapshot], object]) -> None:
        publish(self.snapshot())
        while True:
            idle = not self.running or self.trainer.diverged
            if idle or not self.commands.empty():
                if not self._apply_commands(block=idle):
                    return
                # The status line first, so the key shows at once; then the new picture.
                publish(self.snapshot(picture=False))
                time.sleep(AFTER_COMMAND)
                if self._stale:
                    publish(self.snapshot())
                continue
            self._train_for(1.0 / self.fps)
            publish(self.snapshot())

    def _apply_commands(self, block: bool) -> bool:
        """Apply the next command (waiting for one if `block`) and any queued after it.

        Returns False on Stop.
        """
        command = self.commands.get(block=block)
        while True:
            if isinstance(command, Stop):
                return False
            self.apply(command)
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return True

    def _train_for(self, seconds: float) -> None:
        """Step until the frame is due, a command arrives, or the run diverges.

        Every GIL_SLICE seconds, `time.sleep(0)` lets the UI threads take the GIL. A pure-Python
        loop would otherwise keep it for the interpreter's whole switch interval (5 ms by
        default) at every hand-over, and keys would lag by tens of milliseconds; `scratchnet-tui`
        also shortens that interval to 0.5 ms (see `tui.cli.tune_for_latency`), so a UI thread
        that wants the GIL never waits long, and the voluntary hand-over can be rarer. Measured:
        every 2 ms cost 5-8 % of the training speed, every 5 ms about 1 %, with keys still
        showing in about 10 ms (benchmarks/bench_tui.py).
        """
        trainer, commands = self.trainer, self.commands
        now = time.perf_counter()
        frame_end = now + seconds
        slice_end = now + GIL_SLICE
        while now < frame_end and commands.empty() and not trainer.diverged:
            trainer.step()
            now = time.perf_counter()
            if now >= slice_end:
                time.sleep(0)
                now = time.perf_counter()
                slice_end = now + GIL_SLICE
        self.steps_per_second = self.rate.add(now, trainer.steps)

    # -- commands ------------------------------------------------------------------------------

    def apply(self, command: Command) -> None:
        """Change the run as the command says (called between two steps)."""
        match command:
            case TogglePause():
                self.running = not self.running
                self._pause_changed()
            case StepOnce():
                self.running = False
                self._pause_changed()
                self.trainer.step()
                self._stale = True
            case Reset():
                self._reset(self.config)
            case ChangeSeed(delta):
                self._change_settings({"seed": max(0, self.config.seed + delta)})
            case SetLearningRate(value):
                self._set_learning_rate(value)
            case ClimbLearningRate(direction):
                current = self.config.learning_rate
                rung = rung_above(current) if direction > 0 else rung_below(current)
                if rung is not None:
                    self._set_learning_rate(rung)
            case SetGridSize(columns, rows):
                self.grid_size = (max(1, columns), max(1, rows))
                self._stale = True
            case SetPlotWidth(width):
                self.plot_points = max(2, 2 * width)
                self._stale = True
            case ChangeSettings(changes):
                self._change_settings(dict(changes))
            case SetProbe(point):
                self._probe_at = point
            case SetNeuronView(on):
                self.neuron_view = on
                self._stale = True
            case ShowNeuron(neuron):
                self.shown_neuron = neuron if neuron is None or self._has_neuron(neuron) else None
                self._stale = True
            case CheckGradients():
                self._check_gradients()
            case SaveRun(path):
                self._keep(path, "Saved", lambda: save_run(path, self.config, self.trainer))
            case ExportLosses(path):
                self._keep(path, "Exported the losses", lambda: export_csv(path, self.trainer))
            case LoadRun(path):
                self._load(path)
            case Stop():
                pass

    def _pause_changed(self) -> None:
        self.rate.clear()
        self.steps_per_second = 0.0
        self._stale = True  # a paused picture shows the network exactly as it is

    def _keep(self, path: str, done: str, write: Callable[[], None]) -> None:
        """Write a file for the user and say how it went, in one line either way."""
        try:
            write()
        except (RunFileError, ValueError) as error:
            self._tell(str(error), error=True)
            return
        where = Path(path).absolute()
        self._tell(f"{done}: step {self.trainer.steps}, to {where}")

    def _load(self, path: str) -> None:
        """Continue a saved run exactly where it was; the run it replaces stays as a ghost."""
        try:
            config, trainer = load_run(path)
        except RunFileError as error:
            self._tell(str(error), error=True)
            return
        self._replace_run(config, trainer)
        self._tell(f"Loaded {Path(path).absolute()}: step {trainer.steps}")

    def _tell(self, message: str, error: bool = False) -> None:
        self._notice, self._notice_is_error = message, error

    def _has_neuron(self, neuron: tuple[int, int]) -> bool:
        layer, index = neuron
        layers = self.trainer.network.layers
        return 0 <= layer < len(layers) and 0 <= index < len(layers[layer])

    def _check_gradients(self) -> None:
        """Backprop against central differences on the training set, with the run's penalty.

        It runs here, in the worker, between two steps: the network cannot change under it, and
        the screen keeps going meanwhile.
        """
        trainer = self.trainer
        layers = gradient_check(
            trainer.network,
            trainer.dataset,
            features=trainer.features,
            regularisation=trainer.regularisation,
            rate=trainer.regularisation_rate,
        )
        self._gradient_report = GradientReport(trainer.steps, tuple(layers))

    def _change_settings(self, changes: dict[str, object]) -> None:
        """New settings: start again if they change the data, inputs or network, else go on."""
        try:
            config = replace(self.config, **changes)  # type: ignore[arg-type]
        except TypeError as error:
            self._tell(f"unknown setting: {error}", error=True)
            return
        if any(getattr(config, name) != getattr(self.config, name) for name in RESETTING):
            self._reset(config)
            return
        self.config = config
        for field in LIVE:  # the Trainer's attributes have the settings' names
            setattr(self.trainer, field, getattr(config, field))
        self._stale = True

    def _reset(self, config: RunConfig) -> None:
        """A fresh run with `config`; the run before it stays on the plot as a ghost."""
        try:
            trainer = config.trainer()
        except ValueError as error:  # settings that cannot make a run: keep the one we have
            self._tell(str(error), error=True)
            return
        self._replace_run(config, trainer)

    def _replace_run(self, config: RunConfig, trainer: Trainer) -> None:
        """Go on with another run (fresh or loaded); the one it replaces becomes the ghost."""
        if self.trainer.steps:
            curve = downsample(self.trainer.losses, self.plot_points)
            self._ghost = (difference(self._started_with, config), curve)
        self.config, self.trainer = config, trainer
        self._started_with = config
        self._points = tuple(trainer.dataset)
        self._test_points = tuple(trainer.test_set)
        self._pause_changed()
        self._gradient_report = None
        if self.shown_neuron is not None and not self._has_neuron(self.shown_neuron):
            self.shown_neuron = None

    def _set_learning_rate(self, value: float) -> None:
        self.config = replace(self.config, learning_rate=value)
        self.trainer.learning_rate = value

    # -- snapshots -----------------------------------------------------------------------------

    @property
    def state(self) -> State:
        if self.trainer.diverged:
            return "diverged"
        return "running" if self.running else "paused"

    def snapshot(self, picture: bool = True) -> Snapshot:
        """A frozen copy of what the app shows now.

        The picture and the loss curve are the costly parts, to make and to send, so they are
        made again only when due (or at once after a reset, a step or a pause), and only if
        `picture`; otherwise the snapshot carries the previous ones, which the widgets skip.
        """
        trainer = self.trainer
        if picture:
            self._refresh_picture()
        notice, self._notice = self._notice, ""
        notice_is_error, self._notice_is_error = self._notice_is_error, False
        train_accuracy, test_accuracy = self._accuracy
        return Snapshot(
            step=trainer.steps,
            loss=trainer.loss,
            config=self.config,
            state=self.state,
            steps_per_second=self.steps_per_second if self.running else 0.0,
            losses=self._curve,
            grid=self._grid,
            points=self._points,
            epoch=trainer.epoch,
            test_loss=trainer.test_loss,
            train_accuracy=train_accuracy,
            test_accuracy=test_accuracy,
            test_losses=self._test_curve,
            test_points=self._test_points,
            ghost=self._ghost,
            notice=notice,
            notice_is_error=notice_is_error,
            probe=self._probe(),
            neurons=self._neurons if self.neuron_view else (),
            shown_neuron=self.shown_neuron,
            gradient_report=self._gradient_report,
        )

    def _probe(self) -> Probe | None:
        """The probe at the chosen point: on a training point, its backward pass as well."""
        if self._probe_at is None:
            return None
        trainer = self.trainer
        x, y = self._probe_at
        sample = find_sample(trainer.dataset, x, y)
        if sample is None:
            return probe(trainer.network, x, y, features=trainer.features)
        x, y, label = sample
        return probe(trainer.network, x, y, features=trainer.features, target=label)

    def _refresh_picture(self) -> None:
        now = time.perf_counter()
        if self._stale or now >= self._curve_due:
            trainer = self.trainer
            self._curve = downsample(trainer.losses, self.plot_points)
            self._test_curve = downsample(trainer.test_losses, self.plot_points)
            self._accuracy = (
                trainer.train_accuracy() if trainer.steps else None,
                trainer.test_accuracy() if trainer.steps else None,
            )
            self._curve_due = now + CURVE_INTERVAL
        if self._stale or now >= self._grid_due:
            previous = self._grid
            self._grid = self.grid_levels(previous=None if self._stale else previous)
            if self.neuron_view:
                self._neurons = self.neuron_pictures()
            cost = time.perf_counter() - now
            sending = changed_rows(previous, self._grid) * self.grid_size[0] * BYTES_PER_CELL
            self._grid_due = now + max(
                PICTURE_INTERVAL,
                1.0 / self.fps,
                cost / PICTURE_SHARE,
                sending / PICTURE_BYTES_PER_SECOND,
            )
        self._stale = False

    def grid_levels(self, previous: Grid | None = None) -> Grid:
        """The network's prediction over [-2, 2]², as colour levels, at the pane's size.

        Given the `previous` picture, a cell keeps its level until the prediction has moved
        clearly past it (HYSTERESIS): cells on a boundary between two levels would otherwise
        flicker from frame to frame, and every flicker is a row sent to the terminal again.
        Without `previous` (after a pause, a step, a reset) every level is exact. With a neuron
        shown (`ShowNeuron`), it is that neuron's output instead of the network's.
        """
        columns, rows = self.grid_size
        trainer = self.trainer
        if self.shown_neuron is not None:
            layer, index = self.shown_neuron
            grids = neuron_grids(trainer.network, columns, rows, features=trainer.features)
            surface = grids[layer][index]
            squash = output_squash(trainer.network.layers[layer][index])
            surface = [[squash(value) for value in row] for row in surface]
        else:
            surface = predict_grid(trainer.network, columns, rows, features=trainer.features)
        if previous is None or len(previous) != rows or len(previous[0]) != columns:
            return tuple(tuple(level_of(p) for p in row) for row in surface)
        scale = LEVELS - 1
        return tuple(
            tuple(
                old if abs(p * scale - old) < HYSTERESIS else level_of(p)
                for p, old in zip(row, old_row)
            )
            for row, old_row in zip(surface, previous)
        )

    def neuron_pictures(self) -> tuple[NeuronPicture, ...]:
        """Every neuron's own output over the square, small, with its bias and weights."""
        network = self.trainer.network
        columns, rows = NEURON_PICTURE
        grids = neuron_grids(network, columns, rows, features=self.trainer.features)
        pictures = []
        for layer_index, (layer, layer_grids) in enumerate(zip(network.layers, grids)):
            for index, (neuron, grid) in enumerate(zip(layer, layer_grids)):
                squash = output_squash(neuron)
                levels = tuple(tuple(level_of(squash(v)) for v in row) for row in grid)
                picture = NeuronPicture(
                    layer_index, index, levels, neuron.bias, tuple(neuron.weights)
                )
                pictures.append(picture)
        return tuple(pictures)


def output_squash(neuron: Neuron) -> Callable[[float], float]:
    """How to put a neuron's output on the 0-to-1 colour scale.

    Sigmoid outputs are already there. Others (tanh, relu, linear) are drawn as the Playground
    draws them: -1 orange, 0 neutral, 1 blue, clamped beyond.
    """
    activation = getattr(neuron, "activation", None)
    if activation is None or activation.name == "sigmoid":
        return lambda value: value
    return lambda value: (min(1.0, max(-1.0, value)) + 1) / 2


SHORT_NAMES = {
    "learning_rate": "lr",
    "dataset_name": "dataset",
    "data_seed": "data seed",
    "train_ratio": "train %",
    "regularisation": "reg",
    "regularisation_rate": "reg rate",
    "batch_size": "batch",
}


def difference(before: RunConfig, after: RunConfig) -> str:
    """How the run `before` differed from `after`, in short words: "lr 3, hidden 8,8".

    A run is labelled with the settings it started with, so a learning rate changed halfway and
    then reset shows as the rate the old curve began at.
    """
    words = [
        f"{SHORT_NAMES.get(field.name, field.name)} {setting_text(getattr(before, field.name))}"
        for field in fields(RunConfig)
        if getattr(before, field.name) != getattr(after, field.name)
    ]
    return ", ".join(words) or "previous run"


def changed_rows(before: Grid, after: Grid) -> int:
    """How many rows of character cells (two rows of samples each) differ between pictures."""
    if len(before) != len(after):
        return len(after) // 2
    return sum(
        before[top] != after[top] or before[top + 1] != after[top + 1]
        for top in range(0, len(after) - 1, 2)
    )


def downsample(losses: Sequence[float], points: int) -> tuple[tuple[int, float], ...]:
    """About `points` (step, loss) pairs spread over the plot's step axis, the last one kept.

    The axis runs from 0 to a round number (`nice_ceiling`), and the pairs sit at fixed places
    on it, so as the run grows the pairs already sent stay the same: only the curve's end moves
    on screen. And a frame costs the same at step 100 as at step 1,000,000.
    """
    count = len(losses)
    if count <= points:
        picks: Iterable[int] = range(count)
    else:
        stride = nice_ceiling(count) / points
        picks = sorted({int(k * stride) for k in range(points) if k * stride < count} | {count - 1})
    return tuple((i + 1, losses[i]) for i in picks if math.isfinite(losses[i]))
