"""The tutorial's run through the `Run` contract: a `RunConfig` and its `Trainer`, as they are.

Nothing here computes anything new. Every number comes from the tutorial's own code: the
trainer's step, `probe` for the forward and backward passes at a point, `neuron_grids` and
`predict_grid` for the pictures, the gradient check's `backpropagate` and `sample_losses` for
the gradient and the losses, the `Timeline` for the checkpoints. This file only says which of
them answers each question of the contract, so that the tutorial's numbers cannot move.
"""

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scratchnet.config import RunConfig
from scratchnet.datasets import Sample
from scratchnet.features import DEFAULT_FEATURES, expand
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from scratchnet.options import command_line
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
from scratchnet.settings import MAX_LAYERS, MAX_NEURONS, SETTING, SETTINGS, Setting, unused_by
from scratchnet.surface import predict_grid
from scratchnet.timeline import Timeline, capacity_for
from scratchnet.trainer import Example, Trainer
from scratchnet.trainer_state import TrainerState
from scratchnet.untouched import untouched, untouched_by_forward

# The looks inside (probe, neurons, gradient check) and the files (save, export) are imported
# when first used, in the method that uses them: a run's first frame needs none of them.
if TYPE_CHECKING:
    from scratchnet.probe import Probe

DOMAIN = Domain(low=-2.0, high=2.0, output_low=0.0, output_high=1.0, threshold=0.5)
SHAPE_RULES = ShapeRules(
    setting="hidden",
    most_layers=MAX_LAYERS,
    most_neurons=MAX_NEURONS,
    new_layer=None,
    fewest_features=1,
)
# The app's start: the test points drawn, the output in all its shades.
START_VIEW = View(show_test_data=True, discretize=False)


class TutorialMode:
    """The tutorial's run, `config` and `trainer`, with its timeline: a `Run` (see run.py)."""

    unit = "step"
    domain = DOMAIN
    shape_rules = SHAPE_RULES

    def __init__(
        self,
        config: RunConfig,
        trainer: Trainer | None = None,
        timeline: Timeline | None = None,
        view: View = START_VIEW,
        then: TrainerState | None = None,
    ) -> None:
        """`trainer`: a run made from `config` to go on with (a loaded one), else a fresh one;
        `timeline`: its past (a saved run's), else one that starts at its present. `then`: a
        look-alike's checkpoint (see `looking_back`), whose counts it answers with."""
        self.config = config
        self.trainer = config.trainer() if trainer is None else trainer
        if timeline is None:
            timeline = Timeline(capacity_for(8 * len(self.trainer.network.parameters()) + 200))
            timeline.record(self.trainer)
        self._timeline = timeline
        self._view = view
        self._then = then

    # -- what kind of run it is ---------------------------------------------------------------

    @property
    def settings_table(self) -> tuple[Setting, ...]:
        return SETTINGS

    @property
    def settings(self) -> RunConfig:
        return self.config

    def change_settings(self, changes: Mapping[str, Any]) -> Run:
        """Live settings go on with this run (the trainer has attributes of their names);
        any other change starts a new run from the new settings. A setting the dataset does
        not use (noise for the grid) is refused: it would change nothing."""
        unknown = [name for name in changes if name not in SETTING]
        if unknown:
            raise ValueError(f"unknown setting: {', '.join(unknown)}")
        config = replace(self.config, **changes)
        unused = unused_by(config.dataset_name, (SETTING[name] for name in changes), flags=False)
        if unused is not None:
            raise ValueError(unused)
        if any(
            getattr(config, setting.name) != getattr(self.config, setting.name)
            for setting in SETTINGS
            if not setting.live
        ):
            return TutorialMode(config, view=self._view)
        self.config = config
        for setting in SETTINGS:
            if setting.live and setting.learns:
                setattr(self.trainer, setting.name, getattr(config, setting.name))
        return self

    @property
    def dataset_setting(self) -> str:
        return "dataset_name"

    def seed_after(self, delta: int) -> int:
        """The seeds are counted: the next or the previous, never below 0."""
        if self.config.seed + delta < 0:
            raise ValueError("The seed is already 0, the first one.")
        return self.config.seed + delta

    def repeat(self) -> str:
        return command_line(self.config)

    @property
    def url(self) -> str | None:
        return None

    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        self._view = view

    # -- its data -----------------------------------------------------------------------------

    @property
    def features(self) -> tuple[str, ...]:
        return self.trainer.features

    @property
    def train_points(self) -> Sequence[Sample]:
        return self.trainer.dataset

    @property
    def test_points(self) -> Sequence[Sample]:
        return self.trainer.test_set

    # -- training -----------------------------------------------------------------------------

    @property
    def steps(self) -> int:
        return self.trainer.steps if self._then is None else self._then.steps

    @property
    def epoch(self) -> int:
        return self.trainer.epoch if self._then is None else self._then.epoch

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged

    def step(self) -> None:
        self.trainer.step()
        self._timeline.record(self.trainer)

    def losses(self) -> Losses:
        """Every step's losses in full batch; with mini-batches, a step's loss is one batch's,
        so the whole sets' after each epoch (`Trainer.epoch_losses`)."""
        trainer = self.trainer
        if trainer.mini_batches:
            return Losses(trainer.epoch_losses, trainer.epoch_test_losses, trainer.epoch_numbers)
        return Losses(trainer.losses, trainer.test_losses, None)

    @property
    def loss(self) -> float:
        """The last step's loss (a look-alike's: the loss of the step it was checkpointed at)."""
        if self._then is None:
            return self.trainer.loss
        steps = self._then.steps
        return self.trainer.losses[steps - 1] if steps else math.nan

    @property
    def test_loss(self) -> float | None:
        trainer = self.trainer
        if self._then is None or trainer.test_loss is None:
            return trainer.test_loss
        steps = self._then.steps
        return trainer.test_losses[steps - 1] if steps else math.nan

    def accuracy(self) -> tuple[float, float | None]:
        return self.trainer.train_accuracy(), self.trainer.test_accuracy()

    # -- inside the network -------------------------------------------------------------------

    def layers(self) -> tuple[LayerView, ...]:
        network = self.trainer.network
        activations = [*[network.activation] * len(network.hidden_shapes), "sigmoid"]
        return tuple(
            LayerView(
                weights=tuple(tuple(neuron.weights) for neuron in layer),
                biases=tuple(neuron.bias for neuron in layer),
                activation=activation,
                dead=tuple((False,) * len(neuron.weights) for neuron in layer),
            )
            for layer, activation in zip(network.layers, activations)
        )

    def forward(self, x: float, y: float) -> "Probe":
        from scratchnet.probe import probe

        return probe(self.trainer.network, x, y, features=self.features)

    def backward(self, x: float, y: float, target: float) -> "Probe":
        from scratchnet.probe import probe

        return probe(self.trainer.network, x, y, features=self.features, target=target)

    def picture(self, columns: int, rows: int) -> list[list[float]]:
        span = (DOMAIN.low, DOMAIN.high)
        return predict_grid(self.trainer.network, columns, rows, span, span, self.features)

    def neuron_pictures(self, columns: int, rows: int) -> NeuronGrids:
        from scratchnet.neurons_view import neuron_grids

        span = (DOMAIN.low, DOMAIN.high)
        return neuron_grids(self.trainer.network, columns, rows, span, span, self.features)

    def set_parameter(self, layer: int, neuron: int, source: int | None, value: float) -> None:
        """The weight or bias set; the timeline's checkpoint of this step holds the new one."""
        target = _neuron(self.trainer.network, layer, neuron)
        if source is not None and not 0 <= source < len(target.weights):
            raise ValueError(f"neuron {neuron + 1} of layer {layer + 1} has no input {source + 1}")
        _check_finite(value)
        if source is None:
            target.bias = value
        else:
            target.weights[source] = value
        self._timeline.truncate_after(self.trainer.steps - 1)
        self._timeline.record_latest(self.trainer)

    def looking_back(self, index: int) -> Run:
        state = self._timeline.at(index)
        twin = copy.copy(self.trainer)  # the data and the settings, shared: it never trains
        twin.network = self.trainer.network.copy()
        twin.network.set_parameters(state.parameters)
        return TutorialMode(self.config, twin, self._timeline, self._view, state)

    # -- what a gradient check needs ----------------------------------------------------------

    def parameters(self) -> list[float]:
        return self.trainer.network.parameters()

    def set_parameter_at(self, index: int, value: float) -> None:
        network = self.trainer.network
        for layer in network.layers:
            for neuron in layer:
                if index < len(neuron.weights):
                    neuron.weights[index] = value
                    return
                if index == len(neuron.weights):
                    neuron.bias = value
                    return
                index -= len(neuron.weights) + 1
        raise IndexError("the network has no parameter of that number")

    def sample_losses(self, points: Sequence[Sample]) -> list[float]:
        from scratchnet import gradcheck

        network = self.trainer.network
        with untouched_by_forward(network):
            return gradcheck.sample_losses(network, self._examples(points))

    def penalty(self) -> float:
        return self.trainer.penalty()

    def gradient(self, points: Sequence[Sample]) -> list[float]:
        """As a full-batch step of these points computes it (`backpropagate`)."""
        return list(self.passes(points).gradient)

    def passes(self, points: Sequence[Sample]) -> Passes:
        """`backpropagate`, as for `gradient`, with what it read of every neuron after each
        point: its output, and its d_z times the number of points."""
        from scratchnet import gradcheck

        trainer = self.trainer
        network = trainer.network
        regulariser = regulariser_named(trainer.regularisation)
        with untouched(network):
            outputs, d_sums = gradcheck.backpropagate(
                network, self._examples(points), regulariser, trainer.regularisation_rate
            )
            gradient: list[float] = []
            for layer in network.layers:
                for neuron in layer:
                    gradient.extend(neuron.d_weights)
                    gradient.append(neuron.d_bias)
        return Passes(tuple(map(tuple, outputs)), tuple(map(tuple, d_sums)), tuple(gradient))

    def _examples(self, points: Sequence[Sample]) -> list[Example]:
        features = self.features
        return [(expand(x, y, features), target) for x, y, target in points]

    # -- where it is, exactly -----------------------------------------------------------------

    def state(self) -> TrainerState:
        return self.trainer.state()

    def restore(self, state: Any) -> None:
        """The trainer goes back (`Trainer.restore`); the timeline forgets what came after."""
        if not isinstance(state, TrainerState):
            raise ValueError("not a state of the tutorial's run")
        self.trainer.restore(state)
        self._timeline.truncate_after(state.steps)
        self._timeline.record_latest(self.trainer)

    def copy(self) -> Run:
        """Safe from another thread mid-step (`Trainer.copy_between_steps`); the timeline is
        copied first, so that it cannot run ahead of the trainer's copy."""
        timeline = self._timeline.copy()
        return TutorialMode(self.config, self.trainer.copy_between_steps(), timeline, self._view)

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    def keep_present(self) -> None:
        self._timeline.record_latest(self.trainer)

    def go_back(self, index: int) -> None:
        self._timeline.fork(self.trainer, index)

    # -- files --------------------------------------------------------------------------------

    def save(self, path: str, replace_foreign: bool = False) -> None:
        from scratchnet.runfile import save_run

        save_run(path, self.config, self.trainer, self._timeline, replace_foreign)

    def export_losses(self, path: str, replace_foreign: bool = False) -> None:
        from scratchnet.export import export_csv

        export_csv(path, self.trainer, replace_foreign)


def tutorial_run(
    network: Network,
    samples: Sequence[Sample],
    features: Sequence[str] = DEFAULT_FEATURES,
    regularisation: str = "none",
    rate: float = 0.0,
) -> TutorialMode:
    """The run a Trainer of `network` on `samples` would be (no test set), to look inside with
    the run contract (a gradient check of a bare network): its settings are not the network's,
    so it is not one to save. Raises ValueError, one line, for features that do not fit."""
    trainer = Trainer(
        network,
        list(samples),
        1.0,
        features=features,
        regularisation=regularisation,
        regularisation_rate=rate,
    )
    return TutorialMode(RunConfig(), trainer)


def _neuron(network: Network, layer: int, neuron: int) -> Neuron:
    """Neuron `neuron` of layer `layer`, or ValueError saying the network has none there."""
    if not 0 <= layer < len(network.layers):
        raise ValueError(f"the network has no layer {layer + 1}")
    if not 0 <= neuron < len(network.layers[layer]):
        raise ValueError(f"layer {layer + 1} has no neuron {neuron + 1}")
    return network.layers[layer][neuron]


def _check_finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"a weight or a bias must be a finite number, got {value}")
