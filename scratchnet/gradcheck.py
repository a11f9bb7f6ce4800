"""Gradient check: is backpropagation right? Compare it with slopes measured the slow way.

Backpropagation gives the gradient of the loss with respect to every weight and bias from one
forward and one backward pass per sample, using the chain rule. There is a much slower way that
needs no calculus: nudge one parameter p up by a small epsilon and measure the loss, nudge it
down and measure again; the slope is about (loss_up - loss_down) / (2 * epsilon), a central
finite difference. If the two agree for every parameter, the backward pass computes what it
claims to.

The loss is the one a full-batch training step goes downhill on:

    loss = (the mean of the sample losses) + rate * (the sum of R(w) over all weights)

For the tutorial's network a sample's loss is square_loss, and backprop's side is computed as a
step computes it (`backpropagate`): `Network.backward` on every sample with its share divided by
the number of samples, then `add_gradients` for rate * R'(w). With regularisation "none" the
second term is 0.

    checks = gradient_check(
        trainer.network, trainer.dataset, trainer.features,
        trainer.regularisation, trainer.regularisation_rate,
    )

Any run is checked the same way, in its own arithmetic, through the run contract (run.py): its
`gradient` against the slope of its `sample_losses` and `penalty`, a copy of it nudged one
parameter at a time (`check_run`, `checking_gradients`). A TensorFlow Playground run's loss is
1/2 (output - label)^2, and L1's slope at a weight of exactly 0 is taken as 0, as the
Playground takes it (see scratchnet/modes/playground.py).

On a healthy network expect relative errors around 1e-8 (at most about 1e-6). A backward pass
with a mistake in it gives errors near 1. Two honest exceptions, both kinks where the slope
jumps, so that a slope measured across the kink is neither side's: relu, at a sample where a
neuron's weighted sum is exactly 0 (this happens on fresh networks: their biases are all 0, so
at the point (0, 0), or wherever a whole layer of relus is off, z is exactly 0), and L1
regularisation at a weight of exactly 0.

Some comparisons are not numbers at all, and the check says so instead of making one up: a
weight or bias that is not finite (a run that blew up), one so large that adding epsilon to it
hardly changes it (beyond about a billion, with the default epsilon: the nudge is lost in
rounding), and a loss or gradient that is not finite (or so huge that comparing overflows).
Such a parameter makes its layer's `max_error` NaN, with `problem` saying which of these it
is. Nothing the network can hold makes the check raise.

A check costs two forward passes over the samples per parameter: every parameter of a small
network, but on a big one that is hours (8 layers of 32 have 7,521 parameters, at a tenth of a
second each). So a network of more than MOST_PARAMETERS has a random sample of each layer's
parameters checked, about MOST_PARAMETERS in all, the same sample every time (it is drawn from
SAMPLE_SEED); each LayerCheck says how many of its layer's parameters it checked. A wrong
backward pass is wrong for many parameters of a layer, so a sample of a layer finds it.

A program that has other things to do meanwhile (the app, which trains and answers keys) uses
`checking_gradients`, the same check one parameter at a time:

    for progress in checking_gradients(run):
        ...  # anything, between two parameters; progress.done of progress.total are done
    checks = progress.checked  # the last progress holds every layer's result

`should_stop` lets `gradient_check` and `check_run` give up half way instead.
"""

import math
import random
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace

from scratchnet import compiled
from scratchnet.compiled import Rows
from scratchnet.datasets import Sample
from scratchnet.features import DEFAULT_FEATURES
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.network import Network
from scratchnet.regularisation import Regulariser, add_gradients
from scratchnet.run import LayerView, Place, Run, places

# The smallest denominator of the relative error. A gradient this small barely moves a weight,
# and a finite difference cannot measure it to more than a few digits (float rounding in the
# loss is about 1e-17, divided by 2 * epsilon); below it, the error is the difference / FLOOR.
FLOOR = 1e-5

# A nudge must move the parameter by 2 * epsilon give or take this share, or it is lost in
# rounding: past about 1e9, a float's last digit is worth more than 1% of 2 * 1e-5.
NUDGE_TOLERANCE = 0.01

# A network with more parameters than this has a random sample of them checked, about this many
# in all, drawn from SAMPLE_SEED so that the same network is checked the same way every time.
MOST_PARAMETERS = 200
SAMPLE_SEED = 0

# A sample as the network takes it: its inputs and its label.
Example = tuple[list[float], float]

# Why a parameter's comparison is undefined (LayerCheck.problem), in a few words.
NOT_FINITE = "a weight or bias is not a finite number"
TOO_LARGE = "a weight or bias is too large to nudge: the nudge is lost in rounding"
LOSS_NOT_FINITE = "the loss or its gradient is not a finite number"
OVERFLOW = "the arithmetic overflowed"
# The problems, the nearest to a cause first: a layer with several reports the earliest here.
PROBLEMS = (NOT_FINITE, TOO_LARGE, OVERFLOW, LOSS_NOT_FINITE)


class CheckStopped(Exception):
    """The check was abandoned half way because `should_stop` said so (no result)."""


@dataclass(frozen=True)
class LayerCheck:
    """The result for one layer (0 is the first hidden layer; the last is the output neuron).

    max_error: the largest relative error over the layer's weights and biases.
    neuron, weight: where it occurs; weight is the weight's index, or None for the bias.
    analytic, numeric: backprop's gradient and the finite difference for that parameter.
    parameters: how many weights and biases of the layer were checked.
    in_layer: how many the layer has: more than `parameters` when a sample was checked.
    problem: None when every comparison is a number; otherwise why one is undefined (see the
        module's docstring), with max_error NaN and neuron, weight naming that parameter.
    """

    layer: int
    max_error: float
    neuron: int
    weight: int | None
    analytic: float
    numeric: float
    parameters: int
    in_layer: int
    problem: str | None = None


@dataclass(frozen=True)
class CheckProgress:
    """How far a check has got: `done` of its `total` parameters measured, working on layer
    `layer` (0 is the first hidden layer) of `layers`. `checked` holds the result of every
    layer finished so far: all of them once the check is over (`finished`)."""

    layer: int
    layers: int
    done: int
    total: int
    checked: tuple[LayerCheck, ...] = ()

    @property
    def finished(self) -> bool:
        return len(self.checked) == self.layers


def relative_error(analytic: float, numeric: float) -> float:
    """|analytic - numeric| / max(|analytic| + |numeric|, FLOOR): 0 when equal, at most 1.

    Relative, so that big and small gradients are judged alike: being off by 1e-9 is nothing
    for a gradient of 0.3 and everything for a gradient of 1e-9. FLOOR keeps two gradients
    that are both about 0 from looking wildly different because of rounding: 0 and 0 give 0,
    1e-13 and 3e-13 give 2e-8. Opposite signs give 1 (or less, when both are below FLOOR).
    A NaN on either side gives NaN.
    """
    return abs(analytic - numeric) / max(abs(analytic) + abs(numeric), FLOOR)


def gradient_check(
    network: Network,
    samples: Sequence[Sample],
    features: Sequence[str] = DEFAULT_FEATURES,
    regularisation: str = "none",
    rate: float = 0.0,
    epsilon: float = 1e-5,
    should_stop: Callable[[], bool] | None = None,
    most: int = MOST_PARAMETERS,
) -> list[LayerCheck]:
    """Backprop's gradient against central finite differences, for every weight and bias of the
    tutorial's `network` learning from `samples` (or, past `most` of them, for a random sample
    of each layer's: see `chosen_parameters`). The check of any run is `check_run`; this is the
    check of the run a Trainer of this network would be (`tutorial_run`).

    Returns one LayerCheck per layer, in order. It costs one forward and backward pass per
    sample, then two forward passes per sample for each parameter. The network is left exactly
    as it was found (weights bit for bit, the gradients of a step in progress, the caches): the
    check nudges a copy.

    epsilon: 1e-5 balances the two errors of a finite difference. The curve is not quite
    straight across the nudge (an error that shrinks like epsilon²), and the loss is rounded to
    about 1e-17, which the division by 2 * epsilon magnifies (an error that grows like
    1 / epsilon). 1e-6 works too, about ten times noisier.

    should_stop: asked before each parameter; when it returns True the check gives up and
    raises CheckStopped.
    """
    from scratchnet.modes.tutorial import tutorial_run  # which imports this module's arithmetic

    if not samples:
        raise ValueError("a gradient check needs at least one sample")
    run = tutorial_run(network, samples, features, regularisation, rate)
    return check_run(run, epsilon=epsilon, should_stop=should_stop, most=most)


def check_run(
    run: Run,
    points: Sequence[Sample] | None = None,
    epsilon: float = 1e-5,
    should_stop: Callable[[], bool] | None = None,
    most: int = MOST_PARAMETERS,
) -> list[LayerCheck]:
    """The gradient check of any run (see `checking_gradients`), all at once: one LayerCheck per
    layer. `should_stop` is asked before each parameter (CheckStopped when it says so)."""
    stop = should_stop or _never
    steps = checking_gradients(run, points, epsilon, most)
    with closing(steps):
        for progress in steps:
            if not progress.finished and stop():
                raise CheckStopped("the gradient check was stopped")
    return list(progress.checked)  # the last progress: every layer's result


def checking_gradients(
    run: Run,
    points: Sequence[Sample] | None = None,
    epsilon: float = 1e-5,
    most: int = MOST_PARAMETERS,
) -> Generator[CheckProgress, None, None]:
    """The gradient check of `run` on `points` (its training points by default), one parameter
    at a time: a program can do other work in between.

    Through the run contract only (scratchnet/run.py), so any run is checked in its own
    arithmetic: its `gradient` (backprop) against the slope of its `sample_losses` and
    `penalty`, measured by nudging one parameter of a `copy` (`set_parameter_at`). The run
    itself is never touched: it may train on meanwhile.

    It yields before each parameter it measures (the first time after backprop's own pass),
    saying how far it has got, and last of all the progress of a finished check, which holds
    every layer's result. Each item but the last is about one parameter's work: two forward
    passes over the points. Taking the items is the work; a program that stops taking them
    has given up (`close()` it).

    A bad request raises ValueError at once.
    """
    points = run.train_points if points is None else points
    if not points:
        raise ValueError("a gradient check needs at least one sample")
    if not epsilon > 0:
        raise ValueError(f"epsilon must be positive, got {epsilon}")
    nudged = run.copy()
    layers = nudged.layers()
    return _check(nudged, layers, chosen_parameters(layers, most), list(points), epsilon)


def chosen_parameters(
    layers: Sequence[LayerView], most: int = MOST_PARAMETERS, seed: int = SAMPLE_SEED
) -> list[list[int]]:
    """The parameters a check measures (their indices in `Run.parameters`), layer by layer,
    each layer's in the network's order.

    Every one, if the network has at most `most`. Otherwise a random sample of each layer's,
    drawn from `seed` (the same sample every time): about `most` in all, shared evenly between
    the layers, a small layer's unused share going to the bigger ones; at least one per layer.
    """
    sizes = [_layer_size(layer) for layer in layers]
    firsts = [sum(sizes[:depth]) for depth in range(len(sizes))]
    if sum(sizes) <= most:
        return [list(range(first, first + size)) for first, size in zip(firsts, sizes)]
    rng = random.Random(seed)
    chosen = []
    for depth, share in enumerate(_shares(sizes, most)):
        picked = sorted(rng.sample(range(sizes[depth]), share))
        chosen.append([firsts[depth] + index for index in picked])
    return chosen


def _shares(sizes: list[int], most: int) -> list[int]:
    """How many parameters of each layer to check, `most` in all: an even share of what is left
    for each layer, smallest layer first, so that a layer smaller than its share is checked
    whole and what it leaves goes to the others."""
    shares = [0] * len(sizes)
    left, layers_left = most, len(sizes)
    for depth in sorted(range(len(sizes)), key=lambda depth: sizes[depth]):
        shares[depth] = min(sizes[depth], max(1, left // layers_left))
        left -= shares[depth]
        layers_left -= 1
    return shares


def _layer_size(layer: LayerView) -> int:
    """How many weights and biases a layer has."""
    return sum(len(weights) + 1 for weights in layer.weights)


def _check(
    run: Run,
    layers: Sequence[LayerView],
    chosen: list[list[int]],
    points: list[Sample],
    epsilon: float,
) -> Generator[CheckProgress, None, None]:
    """The check itself, layer by layer (see `checking_gradients`), of `run`, a copy to nudge.

    A layer's result is its worst comparison. An undefined comparison is the worst of all. Of
    those, the one nearest the cause is reported (see PROBLEMS): a NaN weight makes every loss
    NaN, but the NaN weight is the news.
    """
    count, total = len(chosen), sum(len(indices) for indices in chosen)
    where = places(layers)
    sizes = [_layer_size(layer) for layer in layers]
    checked: list[LayerCheck] = []
    try:
        gradient = run.gradient(points)
    except ArithmeticError:  # nothing known to raise here; if something does, say so
        checked = [
            _undefined_layer(where[indices[0]], size, len(indices), OVERFLOW)
            for indices, size in zip(chosen, sizes)
        ]
        yield CheckProgress(count, count, total, total, tuple(checked))
        return
    # Read once: only `_slope` changes this copy, and it puts each value back bit for bit.
    # (Reading them all for each parameter cost more than measuring it, on a big network.)
    values = run.parameters()
    done = 0
    for depth, indices in enumerate(chosen):
        worst: LayerCheck | None = None
        for index in indices:
            yield CheckProgress(depth, count, done, total, tuple(checked))
            compared = _compare(
                run, index, values[index], where[index], gradient[index], points, epsilon
            )
            done += 1
            if (
                worst is None
                or _worse(compared.max_error, worst.max_error)
                or _nearer_cause(compared.problem, worst.problem)
            ):
                worst = compared
        assert worst is not None  # every layer has at least one parameter chosen
        checked.append(replace(worst, parameters=len(indices), in_layer=sizes[depth]))
    yield CheckProgress(count, count, total, total, tuple(checked))


def _never() -> bool:
    return False


def backpropagate(
    network: Network,
    examples: list[Example],
    regulariser: Regulariser | None,
    rate: float,
) -> tuple[Rows, Rows]:
    """Leave in every neuron the gradient of the loss, computed as a full-batch step does.

    Returns what each point made of the neurons on the way, read after its backward pass:
    (outputs, d_sums), where `outputs[layer][point]` is each neuron's output at that point and
    `d_sums[layer][point]` its d_z times the number of points (a step divides each point's
    share by it; the point's own d(loss)/dz is the share times the count). A network small
    enough runs these passes written out as straight-line Python (compiled.py): the same
    numbers, the neurons left the same.
    """
    network.zero_grad()
    count = len(examples)
    if compiled.fits(network):
        outputs, d_sums = compiled.passes(network, examples, count)
    else:
        outputs = [[] for _ in network.layers]
        d_sums = [[] for _ in network.layers]
        for inputs, target in examples:
            predict = network.forward(inputs)
            network.backward(square_loss_derivative(predict, target) / count)
            for layer, layer_outputs, layer_d_sums in zip(network.layers, outputs, d_sums):
                layer_outputs.append(tuple([neuron.output for neuron in layer]))
                layer_d_sums.append(tuple([neuron.d_z * count for neuron in layer]))
    if regulariser is not None:
        add_gradients(network, regulariser, rate)
    return outputs, d_sums


def _compare(
    run: Run,
    index: int,
    old: float,
    place: Place,
    analytic: float,
    points: list[Sample],
    epsilon: float,
) -> LayerCheck:
    """One parameter's comparison, the parameter's value being `old`: backprop's gradient
    against the finite difference, as the result of a layer that had only this parameter."""
    weight = place.source is not None
    numeric, problem = _measured_slope(run, index, old, weight, points, epsilon)
    if problem is None and not (math.isfinite(analytic) and math.isfinite(numeric)):
        problem = LOSS_NOT_FINITE
    error = math.nan if problem is not None else relative_error(analytic, numeric)
    if problem is None and math.isnan(error):  # gradients near 1e308: inf / inf
        problem = OVERFLOW
    return LayerCheck(
        place.layer, error, place.neuron, place.source, analytic, numeric, 1, 1, problem
    )


def _undefined_layer(first: Place, size: int, chosen: int, problem: str) -> LayerCheck:
    """A layer none of whose comparisons could be made (reported at its first parameter)."""
    return LayerCheck(
        first.layer,
        math.nan,
        first.neuron,
        first.source,
        math.nan,
        math.nan,
        chosen,
        size,
        problem,
    )


def _measured_slope(
    run: Run, index: int, old: float, weight: bool, points: list[Sample], epsilon: float
) -> tuple[float, str | None]:
    """The finite difference for one parameter, whose value is `old`, or NaN and why it
    cannot be measured."""
    if not math.isfinite(old):
        return math.nan, NOT_FINITE
    moved = (old + epsilon) - (old - epsilon)
    if not abs(moved - 2 * epsilon) <= NUDGE_TOLERANCE * 2 * epsilon:
        return math.nan, TOO_LARGE
    try:
        return _slope(run, index, old, weight, points, epsilon), None
    except ArithmeticError:  # nothing known to raise (inf and NaN go through); still, say so
        run.set_parameter_at(index, old)
        return math.nan, OVERFLOW


def _slope(
    run: Run, index: int, old: float, weight: bool, points: list[Sample], epsilon: float
) -> float:
    """(loss(p + epsilon) - loss(p - epsilon)) / (2 * epsilon) for parameter p = `old`.

    It subtracts point by point before adding up (math.fsum, exact), rather than subtracting
    two whole losses: same number, less rounding; a weight's penalty, which a bias has none
    of, is added as it moved. It divides by the distance actually moved, up - down, which can
    differ from 2 * epsilon in the last bits. Then it puts back p's exact old value.
    """
    up, down = old + epsilon, old - epsilon
    run.set_parameter_at(index, up)
    above = run.sample_losses(points)
    penalty_above = run.penalty() if weight else 0.0
    run.set_parameter_at(index, down)
    below = run.sample_losses(points)
    penalty_below = run.penalty() if weight else 0.0
    run.set_parameter_at(index, old)
    change = math.fsum(a - b for a, b in zip(above, below)) / len(points)
    return (change + (penalty_above - penalty_below)) / (up - down)


def sample_losses(network: Network, examples: list[Example]) -> list[float]:
    """Each sample's square loss, through the tutorial network's own forward pass."""
    forward = network.forward
    return [square_loss(forward(inputs), target) for inputs, target in examples]


def _nearer_cause(problem: str | None, than: str | None) -> bool:
    """True if `problem` says more about the cause than the problem `than` (see PROBLEMS)."""
    return problem is not None and than is not None and _rank(problem) < _rank(than)


def _rank(problem: str) -> int:
    return PROBLEMS.index(problem)


def _worse(error: float, than: float) -> bool:
    """True if `error` is worse than `than`. NaN counts as the worst of all, and stays so."""
    if math.isnan(than):
        return False
    return math.isnan(error) or error > than
