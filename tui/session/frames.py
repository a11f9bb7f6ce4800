"""Building a frame: what the app shows of a run, sampled within a budget.

The picture and the loss curves are the costly parts of a frame, to make and to send over SSH,
so a `FrameBuilder` makes them again only when due (or at once after a reset, a step or a pause)
and within a byte budget; the status line's numbers are fresh in every frame. It also makes the
neuron view's pictures, the network diagram's frame and the probe's numbers when those are open.
"""

import math
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from scratchnet.run import Run
from tui.drawing.axis import nice_ceiling
from tui.drawing.levels import changed_rows, levels, output_scale, squash_for
from tui.snapshot import Curve, DiagramFrame, Grid, NeuronPicture

# The diagram's and the probe's code is imported when they first open (`refresh_diagram`,
# `probe`): the first frame needs neither.
if TYPE_CHECKING:
    from scratchnet.probe import Probe
    from tui.drawing.diagram import Cells

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
        self.marks: tuple[tuple[str, ...], ...] = ()  # each neuron's health, for the diagram
        self._diagram_cells: Cells = []
        self.stale = True
        self.picture_made = False
        self._grid_due = self._curve_due = self._diagram_due = 0.0

    def refresh(self, run: Run, shown: Run | None = None) -> None:
        """Make the picture and the curves of the run again if they are due.

        `shown`: draw that run instead (the run at a past checkpoint, `Run.looking_back`); the
        curves are the whole run's all the same.
        """
        shown = shown or run
        self.refresh_curves(run, shown)
        self.refresh_picture(lambda previous: self.grid_levels(shown, previous), shown)
        if self.neuron_view and self.picture_made:
            self.neurons = neuron_pictures(shown)
        self.stale = False

    def refresh_curves(self, run: Run, shown: Run) -> None:
        """The loss curves of `run` and the accuracies of `shown`, if due (once a second) or
        stale. With mini-batches the curves are per epoch (`Losses.at`); the accuracies come
        once the shown run has a loss (the tutorial's at step 0 has none yet)."""
        now = time.perf_counter()
        if self.stale or now >= self._curve_due:
            losses = run.losses()
            self.per_epoch = losses.at is not None
            self.curve = downsample(losses.train, self.plot_points, losses.at)
            self.test_curve = downsample(losses.test, self.plot_points, losses.at)
            trained = shown.steps > 0 or not math.isnan(shown.loss)
            self.accuracy = shown.accuracy() if trained else (None, None)
            self._curve_due = now + CURVE_INTERVAL

    def refresh_picture(self, make: Callable[[Grid | None], Grid], run: Run | None = None) -> None:
        """The picture, if due (or stale), within the budget: `make(previous)` draws it.

        `make` gets the previous picture for hysteresis, or None when it must be exact.
        `picture_made` says whether a new one was made. With the diagram open
        (`diagram_view`), its frame is made at the same time from `run`, when due: within a
        budget of its own, DIAGRAM_BYTES_PER_SECOND; or alone, when only the diagram is stale
        (`diagram_stale`: it opened or was resized).
        """
        now = time.perf_counter()
        self.picture_made = self.stale or now >= self._grid_due
        due = self.picture_made and now >= self._diagram_due
        if self.diagram_view and run is not None and (self.stale or self.diagram_stale or due):
            diagram_sending = self.refresh_diagram(run) * DIAGRAM_BYTES_PER_CELL
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

    def refresh_diagram(self, run: Run) -> int:
        """The network diagram's frame, made again; returns how many cells the widget will
        repaint for it, drawn here as it draws it (a few ms, in the picture's time share)."""
        from tui.drawing.diagram_frame import diagram_frame, drawn_cells, repainted, shown_features

        before = None if self.stale else self.diagram
        shown = shown_features(run.features)
        self.diagram = diagram_frame(
            run, self.diagram_size, previous=before, shown=shown, marks=self.marks
        )
        cells = self._diagram_cells
        self._diagram_cells = drawn_cells(self.diagram, self.diagram_pane)
        if not cells:  # its first paint, as it opens: once, not a cost of training
            return 0
        return repainted(cells, self._diagram_cells)

    def grid_levels(self, run: Run, previous: Grid | None = None) -> Grid:
        """The run's output over its domain, as colour levels, at the pane's size.

        Given the `previous` picture, cells keep their level until it has clearly moved (see
        `levels`); without it (after a pause, a step, a reset) every level is exact. With a
        neuron shown (`ShowNeuron`), it is that neuron's output instead of the network's.
        """
        columns, rows = self.grid_size
        if self.shown_neuron is not None:
            layer, index = self.shown_neuron
            activation = run.layers()[layer].activation
            surface = run.neuron_pictures(columns, rows)[layer][index]
            return levels(surface, previous, squash_for(activation, run.domain))
        return levels(run.picture(columns, rows), previous, output_scale(run.domain))

    def probe(self, run: Run) -> "Probe | None":
        """The probe at the chosen point: on a training point, its backward pass as well, in
        the run's own loss."""
        if self.probe_at is None:
            return None
        from scratchnet.probe import find_sample

        x, y = self.probe_at
        sample = find_sample(run.train_points, x, y)
        if sample is None:
            return run.forward(x, y)
        x, y, label = sample
        return run.backward(x, y, label)


def neuron_pictures(run: Run) -> tuple[NeuronPicture, ...]:
    """Every neuron's own output over the run's square, small, with its bias and weights."""
    columns, rows = NEURON_PICTURE
    grids = run.neuron_pictures(columns, rows)
    pictures = []
    for depth, (layer, layer_grids) in enumerate(zip(run.layers(), grids)):
        squash = squash_for(layer.activation, run.domain)
        for index, grid in enumerate(layer_grids):
            picture = levels(grid, squash=squash)
            bias, weights = layer.biases[index], layer.weights[index]
            pictures.append(NeuronPicture(depth, index, picture, bias, weights))
    return tuple(pictures)


def has_neuron(run: Run, neuron: tuple[int, int]) -> bool:
    layer, index = neuron
    layers = run.layers()
    return 0 <= layer < len(layers) and 0 <= index < len(layers[layer].biases)


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
