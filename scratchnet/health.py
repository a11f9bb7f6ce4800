"""A run's health: the figures an expert reads to see why a run is stuck, measured as it trains.

A run can look busy and learn nothing. At learning rate 100 the tutorial's output neuron is
pushed so far that it answers 0 for every point: its slope there is 0, so no gradient gets
through, the loss freezes at the share of points inside the circle, and the status line says
`running`. The checks that tell this apart are written down (Andrej Karpathy, "A Recipe for
Training Neural Networks", 2019; Stanford's CS231n notes, "Neural Networks Part 3: Learning and
Evaluation", on babysitting the learning process). Per layer:

- saturated neurons: a sigmoid or tanh neuron whose output is within `SATURATION_MARGIN` of
  one of its limits at every point: it passes almost no gradient back, so it cannot learn;
- dead relus: a relu neuron that outputs 0 at every point: its slope is 0 everywhere, so it
  never learns again;
- the gradient each neuron receives, d(loss)/dz, its size averaged over the layer and the
  points: how the gradient flows back from the output, layer by layer;
- the update-to-weight ratio, learning rate * |gradient| / |weights| over the layer's weights:
  the share of itself a layer moves in one update (about 1e-3 is healthy);

and the run's loss over its last `LOSS_WINDOW` steps (falling, flat, rising or diverging), and
how much of its labels the output follows (`Health.explained`): a stuck run has learnt nothing.

    health = measure(run)     # one forward and one backward pass over (a sample of) the points
    health.layers[-1].saturated, health.trend.kind

`scratchnet.diagnosis` turns a series of these into the one line that says what is wrong.

A measurement costs about what a step of its points costs: `Run.passes`, one forward and one
backward pass per point, the engine's own. It looks at `MOST_POINTS` training points at most,
spread evenly through the training set, so that its cost stays bounded for a big one; a neuron
is then called saturated, or dead, on that sample. `steps_between` says how often to measure so
that measuring costs at most `BUDGET` of the training time (`benchmarks/bench_health.py`
checks it). Nothing here changes the run, and nothing raises, whatever numbers it holds.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from scratchnet.activations import activation_named
from scratchnet.datasets import Sample
from scratchnet.features import expand
from scratchnet.run import Domain, LayerView, Losses, Run

SATURATION_MARGIN = 0.01
"""A neuron is at a limit when its output is within 1% of its range of it (sigmoid: below 0.01
or above 0.99; tanh: below -0.98 or above 0.98), the issue's "within 1% of its limits". There
its slope is under 4% of its largest (sigmoid: 0.0099 of 0.25, tanh: 0.0396 of 1): each layer
of them passes back less than a twenty-fifth of the gradient it gets."""

MOST_POINTS = 100
"""A measurement looks at this many training points at most, spread evenly through the set (100
of the tutorial's 121, of the Playground's 250 by default): a neuron is saturated, or dead, at
every point of this sample. It keeps a measurement's cost small and bounded, however big the
training set, and a hundred points tell a stuck network from a learning one just as well."""

LOSS_WINDOW = 20
"""The loss trend is read over the run's last 20 losses (steps, or epochs): the issue's
"diverging: loss x100 in 20 steps"."""

FLAT = 1e-6
"""The loss is flat when it moved less than a millionth of itself over the window. A stuck run
moves less than 1e-10 of it (the loss is frozen to 10 digits); the tutorial's own runs, seeds 0
to 9, move at least 2.7e-4 of it in any 20 steps, even on their early plateau at 0.143."""

RISING = 2.0
"""The loss is rising when it is at least twice the lowest it was in the window."""

DIVERGING = 10.0
"""The loss is diverging when it is at least ten times the lowest it was in the window, or is
no longer a number (Karpathy's recipe: a loss that explodes means a learning rate too high)."""

BUDGET = 0.03
"""Measuring may cost at most 3% of the training time (issue #22)."""

PASSES_BETWEEN = 100
"""`steps_between` measures once per this many steps' worth of the sample's points: a
measurement is one forward and one backward pass over the sample, and some reading, one to two
times what a step of as many points costs (`benchmarks/bench_health.py` measures it), so this
keeps it to 1 to 2.5 % of the training, within `BUDGET`. That is every 83 steps of the tutorial's
run (0.4 s at the app's 200 steps a second) and every 40 epochs of a Playground run of 250
training points."""

# What the loss is doing (`Trend.kind`).
FALLING, FLAT_LOSS, RISING_LOSS, DIVERGING_LOSS = "falling", "flat", "rising", "diverging"

# Which limit a saturated neuron is at, for every point measured (`LayerHealth.saturated`).
LOW, HIGH, BOTH = "low", "high", "both"


@dataclass(frozen=True)
class LayerHealth:
    """One layer's figures (the hidden layers first, the output last).

    `activation` is the layer's ("sigmoid"). Per neuron: `saturated[k]` is None, or LOW or
    HIGH when neuron k is at that limit at every point, or BOTH when it is at one or the other
    at every point (a step, no slope anywhere); `dead[k]` is True for a relu that is 0 at every
    point; `mean_sums[k]` is its weighted sum z averaged over the points. `gradient` is the
    size of d(loss)/dz, averaged over the layer's neurons and the points: how much of the
    gradient reaches the layer. `update_ratio` is learning rate * |gradient| / |weights| over
    the layer's weights (Euclidean norms; NaN when its weights are all 0).
    """

    activation: str
    saturated: tuple[str | None, ...]
    dead: tuple[bool, ...]
    mean_sums: tuple[float, ...]
    gradient: float
    update_ratio: float

    @property
    def size(self) -> int:
        """How many neurons the layer has."""
        return len(self.dead)

    @property
    def saturated_count(self) -> int:
        """How many of its neurons are saturated."""
        return sum(side is not None for side in self.saturated)

    @property
    def saturated_share(self) -> float:
        """The share of its neurons that are saturated, 0 to 1."""
        return self.saturated_count / self.size

    @property
    def dead_count(self) -> int:
        """How many of its relus never fire."""
        return sum(self.dead)


@dataclass(frozen=True)
class Trend:
    """What the loss did over its last `LOSS_WINDOW` values (steps, or epochs), up to now.

    `kind` is FALLING, FLAT_LOSS, RISING_LOSS or DIVERGING_LOSS (see the thresholds above);
    `change` is (highest - lowest) / highest over the window; `ratio` the loss now over the
    lowest in the window, reached `since` steps (or epochs: `unit`) ago; `span` how many losses
    the window holds; `lowest` the lowest loss in it. `unit` is "step", or "epoch" when there is
    a loss per epoch (a Playground run's, or the tutorial's with mini-batches). `finite` is
    False once the loss (or the run) is no longer a number: `ratio` and `since` then say how
    far the loss rose from its lowest, and how fast, before it stopped being one.
    """

    kind: str
    change: float
    ratio: float
    since: int
    span: int
    lowest: float
    unit: str
    finite: bool


@dataclass(frozen=True)
class Health:
    """One measurement of a run, at step (or epoch, `unit`) `step`.

    `points`: how many training points it looked at (`MOST_POINTS` at most); `layers`: each
    layer's figures; `trend`: the loss's; `loss`: the run's loss then; `learning_rate`: the
    one the update ratios were worked out with; `output_low`, `output_high`: the lowest and
    highest output over the points, and `domain` the output's range, to read them against.

    `explained` is the share of the labels' variation the output follows over the points,
    1 - sum((output - label)^2) / sum((label - mean label)^2) (statistics' R^2): near 1 for a
    network that has learnt the points, 0 for one that gives every point the same answer
    (the best it can without looking at them), below 0 for a worse one; NaN when every label
    is the same. It says whether a flat loss is a run that has learnt, or one that is stuck.
    `diverged`: the run's numbers are no longer finite (it has stopped).
    """

    step: int
    unit: str
    points: int
    layers: tuple[LayerHealth, ...]
    trend: Trend
    loss: float
    learning_rate: float
    output_low: float
    output_high: float
    domain: Domain
    explained: float
    diverged: bool

    @property
    def output_spread(self) -> float:
        """How far apart the output is over the points, as a share of its range (0: the same
        answer for every point). NaN once the output is not a number."""
        return (self.output_high - self.output_low) / (
            self.domain.output_high - self.domain.output_low
        )


def measure(run: Run) -> Health:
    """The run's health now: one pass over a sample of its training points (`sample`)."""
    points = sample(run.train_points)
    passes = run.passes(points)
    views = run.layers()
    learning_rate = float(run.settings.learning_rate)
    layers = []
    inputs_mean = _feature_means(run, points)
    start = 0  # where the layer's part of the gradient starts
    for view, outputs, d_sums in zip(views, passes.outputs, passes.d_sums):
        end = start + sum(len(row) + 1 for row in view.weights)
        gradient = passes.gradient[start:end]
        start = end
        layers.append(_layer_health(view, outputs, d_sums, gradient, inputs_mean, learning_rate))
        inputs_mean = [sum(column) / len(column) for column in zip(*outputs)]
    answers = [row[0] for row in passes.outputs[-1]]
    losses = run.losses()
    unit = "epoch" if run.unit == "epoch" or losses.at is not None else "step"
    trend = trend_of(losses, unit)
    if run.diverged:
        trend = replace(trend, kind=DIVERGING_LOSS, finite=False)
    return Health(
        step=run.steps,
        unit=run.unit,
        points=len(points),
        layers=tuple(layers),
        trend=trend,
        loss=run.loss,
        learning_rate=learning_rate,
        output_low=min(answers),
        output_high=max(answers),
        domain=run.domain,
        explained=explained(answers, [label for _, _, label in points]),
        diverged=run.diverged,
    )


def sample(points: Sequence[Sample], most: int = MOST_POINTS) -> Sequence[Sample]:
    """All the points, or `most` of them spread evenly through the list (the same each time)."""
    if len(points) <= most:
        return points
    return [points[i * len(points) // most] for i in range(most)]


def at_limit(activation: str, output: float) -> str | None:
    """LOW or HIGH when this output of an `activation` neuron is within `SATURATION_MARGIN`
    of that limit of its range, else None (and always None for relu and linear, which have
    none): what the probe asks of the neuron at its point."""
    limits = activation_named(activation).limits
    if limits is None:
        return None
    low_edge, high_edge = _edges(limits)
    if output <= low_edge:
        return LOW
    if output >= high_edge:
        return HIGH
    return None


def trend_of(losses: Losses, unit: str = "step", window: int = LOSS_WINDOW) -> Trend:
    """What the last `window` losses did (see `Trend`), taken at steps, or epochs (`unit`).
    Flat needs a full window; with fewer losses the loss is falling unless it rose or blew
    up."""
    recent = list(losses.train[-window:])
    first = len(losses.train) - len(recent)
    at = (
        list(losses.at[first:])
        if losses.at is not None
        else list(range(first + 1, first + 1 + len(recent)))
    )
    if not recent:
        return Trend(FALLING, 0.0, 1.0, 0, 0, math.nan, unit, True)
    span = len(recent)
    finite = [(loss, step) for loss, step in zip(recent, at) if math.isfinite(loss)]
    if not finite:
        return Trend(DIVERGING_LOSS, math.inf, math.inf, span, span, math.nan, unit, False)
    lowest, lowest_at = min(finite, key=lambda pair: (pair[0], -pair[1]))  # the latest lowest
    now = recent[-1]
    if not math.isfinite(now):  # how far it rose from its lowest before it stopped being one
        highest, highest_at = max((loss, step) for loss, step in finite if step >= lowest_at)
        ratio = highest / lowest if lowest > 0 else math.inf
        since = highest_at - lowest_at
        return Trend(DIVERGING_LOSS, math.inf, ratio, since, span, lowest, unit, False)
    since = at[-1] - lowest_at
    highest = max(loss for loss, _ in finite)
    change = (highest - lowest) / highest if highest > 0 else 0.0
    ratio = now / lowest if lowest > 0 else (1.0 if now == lowest else math.inf)
    if ratio >= DIVERGING:
        kind = DIVERGING_LOSS
    elif ratio >= RISING:
        kind = RISING_LOSS
    elif len(recent) >= window and change < FLAT:
        kind = FLAT_LOSS
    else:
        kind = FALLING
    return Trend(kind, change, ratio, since, span, lowest, unit, True)


def explained(outputs: Sequence[float], labels: Sequence[float]) -> float:
    """The share of the labels' variation the outputs follow (see `Health.explained`)."""
    if not labels:
        return math.nan
    mean = sum(labels) / len(labels)
    variation = sum((label - mean) ** 2 for label in labels)
    if variation == 0:
        return math.nan
    errors = sum((output - label) ** 2 for output, label in zip(outputs, labels))
    return 1 - errors / variation


def steps_between(run: Run) -> int:
    """How many steps (or epochs) apart to measure this run, so that measuring costs about
    1 / `PASSES_BETWEEN` of the training (see there): a step of the tutorial's learns from
    its batch, a Playground epoch from all the training points, and a measurement looks at
    `sample`'s many."""
    count = len(run.train_points)
    looked_at = min(count, MOST_POINTS)
    per_step = count
    if run.unit == "step":
        batch = run.settings.batch_size
        per_step = count if batch is None else min(batch, count)
    return max(1, math.ceil(PASSES_BETWEEN * looked_at / per_step))


def _feature_means(run: Run, points: Sequence[Sample]) -> list[float]:
    """Each input feature's mean over the points: with the weights, the first layer's mean z."""
    features = run.features
    rows = [expand(x, y, features) for x, y, _ in points]
    return [sum(column) / len(rows) for column in zip(*rows)] if rows else []


def _layer_health(
    view: LayerView,
    outputs: Sequence[Sequence[float]],
    d_sums: Sequence[Sequence[float]],
    gradient: Sequence[float],
    inputs_mean: Sequence[float],
    learning_rate: float,
) -> LayerHealth:
    """One layer's figures from its outputs and d_z at each point (rows: points) and its part
    of the gradient (neuron by neuron: its weights, then its bias)."""
    columns = list(zip(*outputs))  # per neuron, its output at each point
    activation = activation_named(view.activation)
    saturated = tuple(_saturation(column, activation.limits) for column in columns)
    relu = view.activation == "relu"
    dead = tuple(relu and not any(column) for column in columns)
    mean_sums = tuple(
        bias + sum(w * mean for w, mean in zip(weights, inputs_mean))
        for weights, bias in zip(view.weights, view.biases)
    )
    sizes = list(map(abs, chain.from_iterable(d_sums)))
    mean_gradient = sum(sizes) / len(sizes) if sizes else 0.0
    weight_gradients: list[float] = []
    start = 0
    for weights in view.weights:
        weight_gradients.extend(gradient[start : start + len(weights)])
        start += len(weights) + 1
    weights_size = _norm(chain.from_iterable(view.weights))
    update_size = learning_rate * _norm(weight_gradients)
    ratio = update_size / weights_size if weights_size > 0 else math.nan
    return LayerHealth(view.activation, saturated, dead, mean_sums, mean_gradient, ratio)


def _saturation(column: Sequence[float], limits: tuple[float, float] | None) -> str | None:
    """LOW, HIGH or BOTH when every one of a neuron's outputs is at a limit, else None."""
    if limits is None or not column:
        return None
    low_edge, high_edge = _edges(limits)
    lowest, highest = min(column), max(column)
    if highest <= low_edge:
        return LOW
    if lowest >= high_edge:
        return HIGH
    at_each = lowest <= low_edge and highest >= high_edge  # some at each limit: all at one?
    if at_each and all(output <= low_edge or output >= high_edge for output in column):
        return BOTH
    return None


def _edges(limits: tuple[float, float]) -> tuple[float, float]:
    """Below the first, or above the second, an output is at a limit (`SATURATION_MARGIN`)."""
    low, high = limits
    margin = SATURATION_MARGIN * (high - low)
    return low + margin, high - margin


def _norm(values: Iterable[float]) -> float:
    """The Euclidean norm: the square root of the sum of the squares."""
    return math.sqrt(sum(value * value for value in values))
