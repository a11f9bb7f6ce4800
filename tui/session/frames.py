"""Building a frame: what the app shows of a run, sampled within a budget.

The picture and the loss curves are the costly parts of a frame, to make and to send over SSH,
so a `FrameBuilder` makes them again only when due (or at once after a reset, a step or a pause)
and within a byte budget; the status line's numbers are fresh in every frame. It also makes the
neuron view's pictures, the network diagram's frame and the probe's numbers when those are open.
"""

import math
import time
from collections.abc import Callable, Iterable, Sequence

from scratchnet.network import Network
from scratchnet.neurons_view import neuron_grids
from scratchnet.probe import Probe, find_sample, probe
from scratchnet.surface import predict_grid
from scratchnet.trainer import Trainer
from tui.axis import nice_ceiling
from tui.diagram import Cells
from tui.diagram_frame import diagram_frame, drawn_cells, repainted, shown_features
from tui.levels import changed_rows, layer_activations, levels, squash_for
from tui.snapshot import Curve, DiagramFrame, Grid, NeuronPicture

PICTURE_SHARE = 0.03  # at most this share of the worker's time goes to sampling the picture
PICTURE_INTERVAL = 0.25  # and at most four new pictures a second,
PICTURE_BYTES_PER_SECOND = 10 * 1024  # fewer when they change a lot: rows cost bytes to send
BYTES_PER_CELL = 7  # about what one cell of a changed row costs on a 256-colour terminal
NEURON_PICTURE = (12, 12)  # a neuron's picture in the neuron view: 12 x 12 samples
DIAGRAM_PICTURE = (6, 6)  # a node's picture in the diagram until it says its size
DIAGRAM_PANE = (58, 36)  # and its pane in cells (at 120 x 40)
# The diagram's own share of the bytes: its cells are dearer than the picture's (braille links
# in two colours, short runs: about 25 bytes a repainted cell at 256 colours, measured with
# bench_tui.py), and it is read at a glance, so while training it may be redrawn less often.
DIAGRAM_BYTES_PER_SECOND = 4 * 1024
DIAGRAM_BYTES_PER_CELL = 25
CURVE_INTERVAL = 1.0  # seconds between two new loss curves (the status line shows every frame)


class FrameBuilder:
    """The costly parts of the frames of one session: picture, curves, neurons, probe.

    `stale` says the network changed in a way that must show at once (a reset, a single step, a
    pause): the next `refresh` makes everything again, exactly.
    """

    def __init__(self, fps: float) -> None:
        self.fps = fps
        self.grid_size = (32, 32)
        self.plot_points = 160
        self.grid: Grid = ()
        self.curve: Curve = ()
        self.test_curve: Curve = ()
        self.per_epoch = False  # the curves are per epoch (mini-batches), not per step
        self.accuracy: tuple[float | None, float | None] = (None, None)
        self.neurons: tuple[NeuronPicture, ...] = ()
        self.neuron_view = False
        self.shown_neuron: tuple[int, int] | None = None
        self.probe_at: tuple[float, float] | None = None
        self.diagram_view = False
        self.diagram_size = DIAGRAM_PICTURE
        self.diagram: DiagramFrame | None = None
        self.diagram_pane = DIAGRAM_PANE
        self.diagram_stale = False  # the diagram alone must be made again now
        self._diagram_cells: Cells = []
        self.stale = True
        self.picture_made = False
        self._grid_due = self._curve_due = self._diagram_due = 0.0

    def refresh(self, trainer: Trainer, network: Network | None = None) -> None:
        """Make the picture and the curves of the tutorial's run again if they are due.

        `network`: draw that one (the run at a past checkpoint) instead of the trainer's; the
        curves are the whole run's all the same.
        """
        shown = network or trainer.network
        losses, test_losses, epochs = loss_histories(trainer)
        self.per_epoch = epochs is not None
        self.refresh_curves(
            losses,
            test_losses,
            lambda: (trainer.train_accuracy(shown), trainer.test_accuracy(shown)),
            trainer.steps > 0,
            at=epochs,
        )
        self.refresh_picture(
            lambda previous: self.grid_levels(trainer, previous, shown), (shown, trainer.features)
        )
        if self.neuron_view and self.picture_made:
            self.neurons = neuron_pictures(trainer, shown)
        self.stale = False

    def refresh_curves(
        self,
        losses: Sequence[float],
        test_losses: Sequence[float],
        accuracy: Callable[[], tuple[float | None, float | None]],
        trained: bool,
        at: Sequence[int] | None = None,
    ) -> None:
        """The loss curves and the accuracies, if due (once a second) or stale.

        `at`: the x of each loss (the epochs of per-epoch losses); by default, the step.
        """
        now = time.perf_counter()
        if self.stale or now >= self._curve_due:
            self.curve = downsample(losses, self.plot_points, at)
            self.test_curve = downsample(test_losses, self.plot_points, at)
            self.accuracy = accuracy() if trained else (None, None)
            self._curve_due = now + CURVE_INTERVAL

    def refresh_picture(
        self,
        make: Callable[[Grid | None], Grid],
        diagram: tuple[Network, Sequence[str]] | None = None,
    ) -> None:
        """The picture, if due (or stale), within the budget: `make(previous)` draws it.

        `make` gets the previous picture for hysteresis, or None when it must be exact.
        `picture_made` says whether a new one was made. With the diagram open
        (`diagram_view`), its frame is made at the same time from `diagram`, a network and the
        features it is fed, when due: within a budget of its own, DIAGRAM_BYTES_PER_SECOND;
        or alone, when only the diagram is stale (`diagram_stale`: it opened or was resized).
        """
        now = time.perf_counter()
        self.picture_made = self.stale or now >= self._grid_due
        due = self.picture_made and now >= self._diagram_due
        if self.diagram_view and diagram is not None and (self.stale or self.diagram_stale or due):
            diagram_sending = self.refresh_diagram(*diagram) * DIAGRAM_BYTES_PER_CELL
            self._diagram_due = now + max(
                PICTURE_INTERVAL, diagram_sending / DIAGRAM_BYTES_PER_SECOND
            )
        self.diagram_stale = False
        if not self.picture_made:
            return
        now = time.perf_counter()
        previous = self.grid
        self.grid = make(None if self.stale else previous)
        sending = changed_rows(previous, self.grid) * self.grid_size[0] * BYTES_PER_CELL
        cost = time.perf_counter() - now
        self._grid_due = now + max(
            PICTURE_INTERVAL,
            1.0 / self.fps,
            cost / PICTURE_SHARE,
            sending / PICTURE_BYTES_PER_SECOND,
        )

    def show_diagram(self, on: bool) -> None:
        """Make the diagram's frames from now on (True), or stop (False)."""
        self.diagram_view = on
        self.diagram = None
        self._diagram_cells = []
        self.diagram_stale = True

    def refresh_diagram(self, network: Network, features: Sequence[str]) -> int:
        """The network diagram's frame, made again; returns how many cells the widget will
        repaint for it, drawn here as it draws it (a few ms, in the picture's time share)."""
        before = None if self.stale else self.diagram
        self.diagram = diagram_frame(
            network, features, self.diagram_size, previous=before, shown=shown_features(features)
        )
        cells = self._diagram_cells
        self._diagram_cells = drawn_cells(self.diagram, self.diagram_pane)
        if not cells:  # its first paint, as it opens: once, not a cost of training
            return 0
        return repainted(cells, self._diagram_cells)

    def grid_levels(
        self, trainer: Trainer, previous: Grid | None = None, network: Network | None = None
    ) -> Grid:
        """The network's prediction over [-2, 2]², as colour levels, at the pane's size.

        Given the `previous` picture, cells keep their level until it has clearly moved (see
        `levels`); without it (after a pause, a step, a reset) every level is exact. With a
        neuron shown (`ShowNeuron`), it is that neuron's output instead of the network's.
        `network`: another of the same shape to draw (a past checkpoint's), not the trainer's.
        """
        columns, rows = self.grid_size
        network = network or trainer.network
        if self.shown_neuron is not None:
            layer, index = self.shown_neuron
            grids = neuron_grids(network, columns, rows, features=trainer.features)
            squash = squash_for(layer_activations(network)[layer])
            surface = [[squash(value) for value in row] for row in grids[layer][index]]
        else:
            surface = predict_grid(network, columns, rows, features=trainer.features)
        return levels(surface, previous)

    def probe(self, trainer: Trainer, network: Network | None = None) -> Probe | None:
        """The probe at the chosen point: on a training point, its backward pass as well.

        `network`: probe that one (a past checkpoint's) instead of the trainer's.
        """
        if self.probe_at is None:
            return None
        network = network or trainer.network
        x, y = self.probe_at
        sample = find_sample(trainer.dataset, x, y)
        if sample is None:
            return probe(network, x, y, features=trainer.features)
        x, y, label = sample
        return probe(network, x, y, features=trainer.features, target=label)


def neuron_pictures(trainer: Trainer, network: Network | None = None) -> tuple[NeuronPicture, ...]:
    """Every neuron's own output over the square, small, with its bias and weights.

    `network`: draw that one (a past checkpoint's) instead of the trainer's.
    """
    network = network or trainer.network
    columns, rows = NEURON_PICTURE
    grids = neuron_grids(network, columns, rows, features=trainer.features)
    pictures = []
    activations = layer_activations(network)
    for layer_index, (layer, layer_grids) in enumerate(zip(network.layers, grids)):
        squash = squash_for(activations[layer_index])
        for index, (neuron, grid) in enumerate(zip(layer, layer_grids)):
            picture = levels(grid, squash=squash)
            pictures.append(
                NeuronPicture(layer_index, index, picture, neuron.bias, tuple(neuron.weights))
            )
    return tuple(pictures)


def has_neuron(trainer: Trainer, neuron: tuple[int, int]) -> bool:
    layer, index = neuron
    layers = trainer.network.layers
    return 0 <= layer < len(layers) and 0 <= index < len(layers[layer])


def loss_histories(
    trainer: Trainer,
) -> tuple[Sequence[float], Sequence[float], Sequence[int] | None]:
    """The losses a run's curves show: (train, test, the epoch of each, or None: per step).

    With mini-batches a step's loss is one batch's, so the curves show the whole sets' losses
    after each epoch instead (see `Trainer.epoch_losses`); in full batch each step is an epoch
    and its loss is the whole set's, so they show every step's.
    """
    if trainer.mini_batches:
        return trainer.epoch_losses, trainer.epoch_test_losses, trainer.epoch_numbers
    return trainer.losses, trainer.test_losses, None


def run_curve(trainer: Trainer, points: int) -> Curve:
    """The run's training curve as the plot shows it (see `loss_histories`): for a ghost."""
    losses, _, epochs = loss_histories(trainer)
    return downsample(losses, points, epochs)


def downsample(losses: Sequence[float], points: int, at: Sequence[int] | None = None) -> Curve:
    """About `points` (step, loss) pairs spread over the plot's step axis, the last one kept.

    The axis runs from 0 to a round number (`nice_ceiling`), and the pairs sit at fixed places
    on it, so as the run grows the pairs already sent stay the same: only the curve's end moves
    on screen. And a frame costs the same at step 100 as at step 1,000,000. `at`: the x of each
    loss (an epoch, say) instead of its step.
    """
    count = len(losses)
    if count <= points:
        picks: Iterable[int] = range(count)
    else:
        stride = nice_ceiling(count) / points
        picks = sorted({int(k * stride) for k in range(points) if k * stride < count} | {count - 1})
    return tuple(
        (i + 1 if at is None else at[i], losses[i]) for i in picks if math.isfinite(losses[i])
    )
