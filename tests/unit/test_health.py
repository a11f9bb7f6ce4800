"""A run's health figures (scratchnet/health.py), on networks whose figures are known.

Through the run contract only, in both modes: a neuron pushed to a limit is saturated, a relu
pushed below 0 everywhere is dead, the loss's trend reads a few losses right, and measuring
leaves the run exactly as it was.
"""

import math
from collections.abc import Callable

import pytest

from scratchnet.config import RunConfig
from scratchnet.health import (
    DIVERGING_LOSS,
    FALLING,
    FLAT_LOSS,
    HIGH,
    LOW,
    MOST_POINTS,
    RISING_LOSS,
    at_limit,
    explained,
    measure,
    sample,
    steps_between,
    trend_of,
)
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Losses, Run

MODES: dict[str, Callable[..., Run]] = {
    "tutorial": lambda activation: make_run(
        RunConfig(activation=activation, hidden=(4, 3), learning_rate=1.0)
    ),
    "playground": lambda activation: make_run(
        PlaygroundState.from_url(f"#activation={activation}&networkShape=4,3&seed=0.3")
    ),
}


@pytest.fixture(params=sorted(MODES))
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_neuron_is_at_a_limit_within_one_percent_of_its_range() -> None:
    assert at_limit("sigmoid", 0.0099) == LOW and at_limit("sigmoid", 0.0101) is None
    assert at_limit("sigmoid", 0.9901) == HIGH and at_limit("sigmoid", 0.9899) is None
    assert at_limit("tanh", -0.981) == LOW and at_limit("tanh", -0.979) is None
    assert at_limit("tanh", 0.981) == HIGH and at_limit("tanh", 0.5) is None
    assert at_limit("relu", 0.0) is None and at_limit("linear", 1e9) is None


def test_a_neuron_pushed_to_a_limit_is_saturated_and_its_z_said(mode: str) -> None:
    run = MODES[mode]("tanh")
    assert measure(run).layers[1].saturated == (None, None, None)
    run.set_parameter(1, 2, None, -40.0)  # layer 2, neuron 3: its bias far below its inputs'
    run.set_parameter(1, 0, None, 40.0)
    second = measure(run).layers[1]
    assert second.saturated == (HIGH, None, LOW)
    assert second.saturated_count == 2 and second.saturated_share == pytest.approx(2 / 3)
    assert -42 < second.mean_sums[2] < -38, "its weighted sum, averaged over the points"


def test_a_relu_below_zero_at_every_point_is_dead(mode: str) -> None:
    run = MODES[mode]("relu")
    assert measure(run).layers[0].dead_count == 0
    for neuron in (0, 3):
        run.set_parameter(0, neuron, None, -100.0)
    first = measure(run).layers[0]
    assert first.dead == (True, False, False, True) and first.dead_count == 2
    assert first.saturated == (None,) * 4, "a relu has no limit to be at"


def test_the_gradient_and_the_update_ratio_of_each_layer(mode: str) -> None:
    run = MODES[mode]("tanh")
    health = measure(run)
    points = sample(run.train_points)
    gradient = run.gradient(points)
    weights = run.layers()[0].weights
    first = [g for k, row in enumerate(weights) for g in gradient[k * 3 : k * 3 + 2]]
    assert len(first) == 8  # 4 neurons of 2 weights (x, y) and a bias each
    norm = math.sqrt(sum(g * g for g in first))
    size = math.sqrt(sum(w * w for row in weights for w in row))
    rate = run.settings.learning_rate
    assert health.layers[0].update_ratio == pytest.approx(rate * norm / size, rel=1e-9)
    passes = run.passes(points)
    first_layer = [abs(d) for row in passes.d_sums[0] for d in row]
    assert health.layers[0].gradient == pytest.approx(sum(first_layer) / len(first_layer))
    assert all(layer.gradient > 0 for layer in health.layers)
    assert health.points == min(len(run.train_points), MOST_POINTS)


def test_measuring_changes_nothing(mode: str) -> None:
    run, twin = MODES[mode]("relu"), MODES[mode]("relu")
    for each in (run, twin):
        each.step()
    before = run.state()
    measure(run)
    assert run.state() == before
    run.step()
    twin.step()
    assert run.parameters() == twin.parameters() and run.loss == twin.loss


def test_the_loss_trend() -> None:
    def trend(losses: list[float], at: list[int] | None = None) -> tuple[str, float, int]:
        found = trend_of(Losses(losses, [], at))
        return found.kind, found.ratio, found.since

    assert trend([0.5, 0.4, 0.3])[0] == FALLING
    assert trend([0.2] * 19)[0] == FALLING, "too few losses to call it flat"
    assert trend([0.2] * 20)[0] == FLAT_LOSS
    assert trend([0.2] * 19 + [0.2 * (1 + 1e-5)])[0] == FALLING
    assert trend([0.2] * 10 + [0.45] * 10)[0] == RISING_LOSS
    assert trend([0.01] * 15 + [0.1, 0.5, 0.9, 1.0, 1.0]) == (DIVERGING_LOSS, 100.0, 5)
    kind, ratio, since = trend([0.2, 2.0, 400.0, math.nan, math.nan])
    assert (kind, ratio, since) == (DIVERGING_LOSS, 2000.0, 2), "how far it rose first"
    assert trend([0.01, 0.2], at=[3, 7]) == (DIVERGING_LOSS, 20.0, 4), "epochs apart"
    assert trend_of(Losses([], [], None)).kind == FALLING


def test_explained_is_zero_for_one_answer_everywhere_and_one_for_the_labels() -> None:
    labels = [0.0, 1.0, 1.0, 0.0, 0.0]
    assert explained(labels, labels) == 1.0
    assert explained([0.4] * 5, labels) == pytest.approx(0.0)
    assert explained([0.0] * 5, labels) < 0
    assert math.isnan(explained([0.5] * 3, [1.0] * 3))


def test_a_sample_is_spread_evenly_and_the_same_each_time() -> None:
    points = [(float(i), 0.0, 1.0) for i in range(250)]
    chosen = sample(points)
    assert len(chosen) == MOST_POINTS == 100 and chosen == sample(points)
    assert chosen[0] == points[0] and chosen[-1][0] >= 247
    assert sample(points[:30]) == points[:30]


def test_measurements_are_far_enough_apart_to_cost_little() -> None:
    assert steps_between(make_run(RunConfig())) == 83  # 100 of 121 points, full batch
    assert steps_between(make_run(RunConfig(batch_size=10))) == 1000
    assert steps_between(make_run(PlaygroundState.from_url("#seed=0.1"))) == 40
