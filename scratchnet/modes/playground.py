"""A TensorFlow Playground run through the `Run` contract, in the Playground's own arithmetic.

Every number comes from scratchnet/playground/: an epoch is `PlaygroundRun.step_epoch` (the
compiled code), the picture its `predictions`, the forward and backward passes at a point the
network's own `values_at` and `gradients_at` (nn.ts's forwardProp and backProp, the very
operations an epoch does), with the Playground's loss, 1/2 (output - label)^2, and its labels,
-1 and +1. Its rules are the Playground's: its own lists of values (`PLAYGROUND_SETTINGS`), at
most 6 hidden layers of 8 neurons, a new layer of 2, the learning rate changing the running
network and anything else starting it again, new data under a new seed.

The gradient a check compares is that of the loss a Playground step goes down: the mean of
1/2 (output - label)^2 over the points, plus rate * R(w) summed over the weights (L2: w^2 / 2,
L1: |w|). At a weight of exactly 0, L1's slope is taken as 0, as nn.ts's `L1.der` takes it; a
central difference across 0 measures (|e| - |-e|) / 2e = 0 too, so the two agree there. A dead
link is still a parameter of the loss (frozen at 0, its data slope is what it would be).
"""

import copy
import math
import shlex
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from scratchnet.datasets import Sample
from scratchnet.export import write_losses
from scratchnet.features import expand
from scratchnet.playground.checkpoint import PlaygroundCheckpoint, restore_network
from scratchnet.playground.compiled import passes as compiled_passes
from scratchnet.playground.controls import (
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    NEW_DATA_FIELDS,
    NEW_LAYER_NEURONS,
)
from scratchnet.playground.run import PlaygroundRun
from scratchnet.playground.runfile import save_playground_run
from scratchnet.playground.settings import PLAYGROUND_SETTING, PLAYGROUND_SETTINGS
from scratchnet.playground.state import PlaygroundState, new_seed
from scratchnet.probe import BackwardPass, NeuronGradients, NeuronValues, Probe
from scratchnet.regularisation import regulariser_named
from scratchnet.run import (
    Domain,
    LayerView,
    Losses,
    NeuronGrids,
    Passes,
    Run,
    ShapeRules,
    View,
)
from scratchnet.settings import Setting
from scratchnet.surface import cell_centres
from scratchnet.timeline import WholeStates, capacity_for

DOMAIN = Domain(low=-6.0, high=6.0, output_low=-1.0, output_high=1.0, threshold=0.0)
SHAPE_RULES = ShapeRules(
    setting="network_shape",
    most_layers=MAX_HIDDEN_LAYERS,
    most_neurons=MAX_NEURONS,
    new_layer=NEW_LAYER_NEURONS,
    fewest_features=0,
)


class PlaygroundMode:
    """A Playground run (`engine`, a `PlaygroundRun`) with its timeline: a `Run` (see run.py)."""

    unit = "epoch"
    domain = DOMAIN
    shape_rules = SHAPE_RULES

    def __init__(
        self,
        state: PlaygroundState,
        engine: PlaygroundRun | None = None,
        timeline: WholeStates | None = None,
        then: PlaygroundCheckpoint | None = None,
    ) -> None:
        """`engine`: a run of `state` to go on with (a loaded one), else a fresh one;
        `timeline`: its past (a saved run's), else one that starts at its present. `then`: a
        look-alike's checkpoint (see `looking_back`), whose counts it answers with."""
        self.engine = PlaygroundRun(state) if engine is None else engine
        self._then = then
        # An epoch changes the network in place: `copy`, from another thread, waits for the
        # epoch under way to end (a few milliseconds) rather than copy it half done.
        self._stepping = threading.RLock()
        if timeline is None:
            size = 8 * 2 * len(self.engine.network.parameters()) + 200  # weights and gradients
            timeline = WholeStates(capacity_for(size))
            timeline.record(self)
        self._timeline = timeline

    # -- what kind of run it is ---------------------------------------------------------------

    @property
    def settings_table(self) -> tuple[Setting, ...]:
        return PLAYGROUND_SETTINGS

    @property
    def settings(self) -> PlaygroundState:
        return self.engine.state

    def change_settings(self, changes: Mapping[str, Any]) -> Run:
        """By the Playground's rules: the learning rate goes on; anything else starts the run
        again, and a change of data (dataset, noise, training share, problem) draws new points
        under a new seed, as the Playground's page does."""
        unknown = [name for name in changes if name not in PLAYGROUND_SETTING]
        if unknown:
            raise ValueError(f"unknown Playground setting: {', '.join(unknown)}")
        before = self.settings
        checked = {name: PLAYGROUND_SETTING[name].check(value) for name, value in changes.items()}
        state = replace(before, **checked)
        changed = [
            s.name for s in PLAYGROUND_SETTINGS if getattr(state, s.name) != getattr(before, s.name)
        ]
        if all(PLAYGROUND_SETTING[name].live for name in changed):
            self.engine.set_learning_rate(state.learning_rate)
            return self
        if any(name in NEW_DATA_FIELDS for name in changed) and "seed" not in changes:
            state = replace(state, seed=new_seed())
        return PlaygroundMode(state)

    @property
    def dataset_setting(self) -> str:
        return "reg_dataset" if self.settings.problem == "regression" else "dataset"

    def seed_after(self, delta: int) -> str:
        """A new seed, either way: the Playground's seeds are words, not in a row."""
        return new_seed()

    def repeat(self) -> str:
        return shlex.join(["scratchnet-tui", "--playground", self.settings.url()])

    @property
    def url(self) -> str:
        return self.settings.url()

    @property
    def view(self) -> View:
        state = self.settings
        return View(show_test_data=state.show_test_data, discretize=state.discretize)

    def set_view(self, view: View) -> None:
        self.engine.state = self.settings.with_changes(
            show_test_data=view.show_test_data, discretize=view.discretize
        )

    # -- its data -----------------------------------------------------------------------------

    @property
    def features(self) -> tuple[str, ...]:
        return self.engine.inputs

    @property
    def train_points(self) -> Sequence[Sample]:
        return self.engine.train_points

    @property
    def test_points(self) -> Sequence[Sample]:
        return self.engine.test_points

    # -- training -----------------------------------------------------------------------------

    @property
    def steps(self) -> int:
        return self.engine.epoch if self._then is None else self._then.steps

    @property
    def epoch(self) -> int:
        return self.steps

    @property
    def diverged(self) -> bool:
        return not math.isfinite(self.engine.train_loss)

    def step(self) -> None:
        """One epoch. A run whose numbers blew up goes on as the Playground's page does (NaN
        stays NaN); `diverged` says so, for whoever trains it to stop."""
        with self._stepping:
            self.engine.step_epoch()
            self._timeline.record(self)

    def losses(self) -> Losses:
        return Losses(self.engine.train_losses[1:], self.engine.test_losses[1:], None)

    @property
    def loss(self) -> float:
        return self.engine.train_losses[self.steps]

    @property
    def test_loss(self) -> float:
        return self.engine.test_losses[self.steps]

    def accuracy(self) -> tuple[float, float | None]:
        return self.engine.train_accuracy(), self.engine.test_accuracy()

    # -- inside the network -------------------------------------------------------------------

    def layers(self) -> tuple[LayerView, ...]:
        return tuple(
            LayerView(
                weights=tuple(map(tuple, layer.weights)),
                biases=tuple(layer.biases),
                activation=layer.activation.name,
                dead=tuple(map(tuple, layer.dead)),
            )
            for layer in self.engine.network.layers
        )

    def forward(self, x: float, y: float) -> Probe:
        inputs = expand(x, y, self.features)
        values = self.engine.network.values_at(inputs)
        return self._probe(x, y, inputs, values, None)

    def backward(self, x: float, y: float, target: float) -> Probe:
        network = self.engine.network
        inputs = expand(x, y, self.features)
        values = network.values_at(inputs)
        d_output, gradients = network.gradients_at(inputs, target)
        output = values[-1][1][0]
        error = output - target
        layers = tuple(
            tuple(NeuronGradients(d_z_k, tuple(row), d_z_k) for d_z_k, row in zip(d_z, d_weights))
            for d_z, d_weights in gradients
        )
        passed = BackwardPass(target, 0.5 * (error * error), d_output, layers, halved=True)
        return self._probe(x, y, inputs, values, passed)

    def _probe(
        self,
        x: float,
        y: float,
        inputs: list[float],
        values: list[tuple[list[float], list[float]]],
        backward: BackwardPass | None,
    ) -> Probe:
        layers = tuple(
            tuple(NeuronValues(z, output) for z, output in zip(sums, outputs))
            for sums, outputs in values
        )
        output = values[-1][1][0]
        return Probe(x, y, self.features, tuple(inputs), layers, output, backward)

    def picture(self, columns: int, rows: int) -> list[list[float]]:
        xs, ys = _centres(columns, rows)
        outputs = self.engine.predictions([(x, y) for y in ys for x in xs])
        return [outputs[r * columns : (r + 1) * columns] for r in range(rows)]

    def neuron_pictures(self, columns: int, rows: int) -> NeuronGrids:
        xs, ys = _centres(columns, rows)
        network, features = self.engine.network, self.features
        grids: NeuronGrids = [
            [[[0.0] * columns for _ in ys] for _ in layer.biases] for layer in network.layers
        ]
        for row, y in enumerate(ys):
            for column, x in enumerate(xs):
                for (_, outputs), pictures in zip(network.values_at(expand(x, y, features)), grids):
                    for output, picture in zip(outputs, pictures):
                        picture[row][column] = output
        return grids

    def set_parameter(self, layer: int, neuron: int, source: int | None, value: float) -> None:
        """As the Playground's hover card sets one: a dead link stays dead, at the new value."""
        layers = self.engine.network.layers
        if not 0 <= layer < len(layers):
            raise ValueError(f"the network has no layer {layer + 1}")
        if not 0 <= neuron < len(layers[layer].biases):
            raise ValueError(f"layer {layer + 1} has no neuron {neuron + 1}")
        weights = layers[layer].weights[neuron]
        if source is not None and not 0 <= source < len(weights):
            raise ValueError(f"neuron {neuron + 1} of layer {layer + 1} has no input {source + 1}")
        if not math.isfinite(value):
            raise ValueError(f"a weight or a bias must be a finite number, got {value}")
        with self._stepping:
            if source is None:
                layers[layer].biases[neuron] = value
            else:
                weights[source] = value
            self._timeline.truncate_after(self.steps - 1)
            self._timeline.record_latest(self)

    def looking_back(self, index: int) -> Run:
        """The checkpoint's whole network: its weights, and its dead links as they were then."""
        then = self._timeline.at(index)
        twin = copy.copy(self.engine)  # the data and the settings, shared: it never trains
        twin.network = self.engine.network.copy()
        restore_network(twin.network, then)
        return PlaygroundMode(self.settings, twin, self._timeline, then)

    # -- what a gradient check needs ----------------------------------------------------------

    def parameters(self) -> list[float]:
        return self.engine.network.parameters()

    def set_parameter_at(self, index: int, value: float) -> None:
        for layer in self.engine.network.layers:
            for k, weights in enumerate(layer.weights):
                if index < len(weights):
                    weights[index] = value
                    return
                if index == len(weights):
                    layer.biases[k] = value
                    return
                index -= len(weights) + 1
        raise IndexError("the network has no parameter of that number")

    def sample_losses(self, points: Sequence[Sample]) -> list[float]:
        """getLoss's terms: 1/2 (output - label)^2 for each point."""
        network, features = self.engine.network, self.features
        losses = []
        for x, y, label in points:
            error = network.predict(expand(x, y, features)) - label
            losses.append(0.5 * (error * error))
        return losses

    def penalty(self) -> float:
        state = self.settings
        regulariser = regulariser_named(state.regularization.lower())
        if regulariser is None:
            return 0.0
        total = math.fsum(
            regulariser.penalty(weight)
            for layer in self.engine.network.layers
            for row in layer.weights
            for weight in row
        )
        return state.regularization_rate * total

    def gradient(self, points: Sequence[Sample]) -> list[float]:
        """The mean over the points of `gradients_at` (summed as an epoch sums them), plus
        rate * R'(w) for each weight, as updateWeights adds it."""
        return list(self.passes(points).gradient)

    def passes(self, points: Sequence[Sample]) -> Passes:
        """forwardProp and backProp at each point, remembering nothing, written out for speed
        as an epoch is (compiled.py's `passes`: the same operations as `values_at` and
        `gradients_at`, their gradients summed from 0 in the points' order as
        `Layer.backward` sums them), then `gradient`'s mean and penalty."""
        if not points:
            raise ValueError("a gradient needs at least one point")
        network, features = self.engine.network, self.features
        examples = [(expand(x, y, features), label) for x, y, label in points]
        outputs, d_sums, weight_sums, bias_sums = compiled_passes(examples, network)
        state = self.settings
        regulariser = regulariser_named(state.regularization.lower())
        count = len(points)
        gradient: list[float] = []
        for layer, totals, bias_totals in zip(network.layers, weight_sums, bias_sums):
            for weights, sums, bias_sum in zip(layer.weights, totals, bias_totals):
                for weight, total in zip(weights, sums):
                    slope = 0.0 if regulariser is None else regulariser.slope(weight)
                    gradient.append(total / count + state.regularization_rate * slope)
                gradient.append(bias_sum / count)
        return Passes(tuple(map(tuple, outputs)), tuple(map(tuple, d_sums)), tuple(gradient))

    # -- where it is, exactly -----------------------------------------------------------------

    def state(self) -> PlaygroundCheckpoint:
        return self.engine.checkpoint()

    def restore(self, state: Any) -> None:
        """The run goes back (`PlaygroundRun.restore`); the timeline forgets what came after."""
        if not isinstance(state, PlaygroundCheckpoint):
            raise ValueError("not a state of a Playground run")
        with self._stepping:
            self.engine.restore(state)
            self._timeline.truncate_after(state.steps)
            self._timeline.record_latest(self)

    def copy(self) -> Run:
        """Safe from another thread: it waits for the epoch under way, if any, to end."""
        with self._stepping:
            engine = copy.deepcopy(self.engine)
            return PlaygroundMode(self.settings, engine, self._timeline.copy())

    @property
    def timeline(self) -> WholeStates:
        return self._timeline

    def keep_present(self) -> None:
        self._timeline.record_latest(self)

    def go_back(self, index: int) -> None:
        self._timeline.fork(self, index)

    # -- files --------------------------------------------------------------------------------

    def save(self, path: str, replace_foreign: bool = False) -> None:
        save_playground_run(path, self.engine, self._timeline, replace_foreign)

    def export_losses(self, path: str, replace_foreign: bool = False) -> None:
        """The losses after each epoch, from epoch 1, as the curves show them."""
        engine = self.engine
        test = engine.test_losses[1:] if engine.test_points else ()
        write_losses(path, engine.train_losses[1:], test, replace_foreign)


def _centres(columns: int, rows: int) -> tuple[list[float], list[float]]:
    span = (DOMAIN.low, DOMAIN.high)
    return cell_centres(columns, rows, span, span)
