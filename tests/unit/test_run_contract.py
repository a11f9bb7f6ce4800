"""Both kinds of run keep the one contract (scratchnet/run.py), each in its own arithmetic.

Every test here runs twice: on the tutorial's run and on a Playground run, through `Run` only,
as the app's views will. What a user would notice: a run looked into is not changed by it, goes
back exactly, saves and opens exactly, and its gradient is the slope of its loss.
"""

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from scratchnet.config import RunConfig
from scratchnet.modes import TutorialMode, make_run, open_run
from scratchnet.modes.playground import PlaygroundMode
from scratchnet.playground import PlaygroundState
from scratchnet.playground.settings import PLAYGROUND_SETTINGS
from scratchnet.run import Run, View, places
from scratchnet.settings import SETTINGS

# Small, quick runs with what makes each engine's future hard to repeat: mini-batches that do
# not divide the training set, regularisation, a test set.
TUTORIAL = RunConfig(
    dataset_name="xor",
    points=60,
    train_ratio=80,
    batch_size=7,
    hidden=(3, 2),
    activation="tanh",
    regularisation="l2",
    regularisation_rate=0.01,
    learning_rate=0.3,
    features=("x", "y", "xy"),
)
PLAYGROUND = (
    "#activation=tanh&batchSize=8&dataset=xor&regularization=L1&regularizationRate=0.001"
    "&networkShape=3,2&seed=0.42&xTimesY=true&learningRate=0.1&percTrainData=70"
)
MODES: dict[str, Callable[[], Run]] = {
    "tutorial": lambda: make_run(TUTORIAL),
    "playground": lambda: make_run(PlaygroundState.from_url(PLAYGROUND)),
}


@pytest.fixture(params=sorted(MODES))
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def new_run(mode: str, steps: int = 0) -> Run:
    run = MODES[mode]()
    for _ in range(steps):
        run.step()
    return run


def test_the_one_place_that_asks_which_mode_makes_each_kind() -> None:
    tutorial, playground = new_run("tutorial"), new_run("playground")
    assert isinstance(tutorial, TutorialMode) and isinstance(playground, PlaygroundMode)
    assert (tutorial.unit, playground.unit) == ("step", "epoch")
    assert (tutorial.domain.high, playground.domain.high) == (2.0, 6.0)
    assert (tutorial.domain.threshold, playground.domain.threshold) == (0.5, 0.0)
    assert tutorial.settings_table is SETTINGS
    assert playground.settings_table is PLAYGROUND_SETTINGS
    assert (tutorial.url, playground.url) == (None, PlaygroundState.from_url(PLAYGROUND).url())
    assert playground.repeat().startswith("scratchnet-tui --playground ")
    assert (tutorial.shape_rules.most_layers, playground.shape_rules.most_layers) == (16, 6)
    assert (tutorial.shape_rules.most_neurons, playground.shape_rules.most_neurons) == (1024, 8)


def test_a_step_is_one_unit_and_the_losses_follow(mode: str) -> None:
    run = new_run(mode)
    for expected in range(1, 4):
        run.step()
        assert run.steps == expected
    assert math.isfinite(run.loss)
    assert run.test_loss is not None and math.isfinite(run.test_loss)
    train, test = run.accuracy()
    assert 0 <= train <= 1 and test is not None and 0 <= test <= 1
    assert not run.diverged
    assert len(run.test_points) > 0 and len(run.train_points) > len(run.test_points)


def test_the_layers_are_the_parameters(mode: str) -> None:
    run = new_run(mode, 2)
    layers = run.layers()
    assert [len(layer.biases) for layer in layers] == [3, 2, 1]
    assert len(layers[0].weights[0]) == len(run.features) == 3
    flat = [
        value
        for layer in layers
        for weights, bias in zip(layer.weights, layer.biases)
        for value in (*weights, bias)
    ]
    assert flat == run.parameters()
    assert len(places(layers)) == len(flat)
    assert layers[0].activation == "tanh"
    assert layers[-1].activation == ("sigmoid" if mode == "tutorial" else "tanh")
    assert all(
        len(dead) == len(weights) for dead, weights in zip(layers[0].dead, layers[0].weights)
    )


def test_forward_is_what_the_pictures_show(mode: str) -> None:
    run = new_run(mode, 3)
    centre = run.forward(0.0, 0.0)  # a 1x1 picture samples the centre of the domain
    assert run.picture(1, 1) == [[centre.output]]
    grids = run.neuron_pictures(1, 1)
    assert [[grid[0][0] for grid in layer] for layer in grids] == [
        [neuron.output for neuron in layer] for layer in centre.layers
    ]
    assert centre.layers[-1][0].output == centre.output and centre.backward is None
    assert len(centre.inputs) == len(run.features)


def test_the_backward_pass_at_a_point_is_its_gradient(mode: str) -> None:
    run = new_run(mode, 2)
    x, y, label = run.train_points[0]
    seen = run.backward(x, y, label)
    assert seen.backward is not None and seen.output == run.forward(x, y).output
    at_the_point = [
        value
        for layer in seen.backward.layers
        for neuron in layer
        for value in (*neuron.d_weights, neuron.d_bias)
    ]
    slope = run.gradient([(x, y, label)])  # its own loss, plus the penalty's slope
    penalty_slope = [a - b for a, b in zip(slope, at_the_point)]
    for place, extra in zip(places(run.layers()), penalty_slope):
        if place.source is None:  # biases are not regularised: the very same number
            assert extra == 0.0
        else:
            assert abs(extra) <= 0.01 + 1e-12  # rate * R'(w): L2's w is small, L1's at most 1
    error = seen.output - label
    own_loss = error * error if mode == "tutorial" else 0.5 * error * error
    assert seen.backward.loss == own_loss == run.sample_losses([(x, y, label)])[0]


def test_the_gradient_is_the_slope_of_the_loss(mode: str) -> None:
    """The gradient check's parts, through the contract: central differences agree."""
    run = new_run(mode, 5)
    points = list(run.train_points[:20])
    analytic = run.gradient(points)
    nudged = run.copy()
    epsilon = 1e-5
    worst = 0.0
    for index, value in enumerate(run.parameters()):
        nudged.set_parameter_at(index, value + epsilon)
        above = math.fsum(nudged.sample_losses(points)) / len(points) + nudged.penalty()
        nudged.set_parameter_at(index, value - epsilon)
        below = math.fsum(nudged.sample_losses(points)) / len(points) + nudged.penalty()
        nudged.set_parameter_at(index, value)
        numeric = (above - below) / (2 * epsilon)
        error = abs(numeric - analytic[index]) / max(abs(numeric) + abs(analytic[index]), 1e-5)
        worst = max(worst, error)
    assert worst < 1e-5
    assert nudged.parameters() == run.parameters()


def test_passes_are_the_forward_and_backward_passes_at_every_point(mode: str) -> None:
    """What a health measurement reads, in one pass over many points: each point's own."""
    run = new_run(mode, 3)
    points = list(run.train_points[:12])
    passes = run.passes(points)
    assert passes.gradient == tuple(run.gradient(points))
    for index, (x, y, label) in enumerate(points):
        seen = run.backward(x, y, label)
        assert seen.backward is not None
        for depth, (values, gradients) in enumerate(zip(seen.layers, seen.backward.layers)):
            assert passes.outputs[depth][index] == tuple(neuron.output for neuron in values)
            assert passes.d_sums[depth][index] == pytest.approx(
                tuple(neuron.d_z for neuron in gradients), rel=1e-12, abs=1e-300
            )


def test_looking_inside_changes_nothing(mode: str) -> None:
    run, twin = new_run(mode, 4), new_run(mode, 4)
    before = run.state()
    x, y, label = run.train_points[3]
    run.forward(0.3, -1.2)
    run.backward(x, y, label)
    run.picture(5, 4)
    run.neuron_pictures(3, 3)
    run.gradient(list(run.train_points))
    run.passes(list(run.train_points))
    run.sample_losses(list(run.test_points))
    run.penalty()
    run.accuracy()
    run.layers()
    run.looking_back(1).picture(2, 2)
    assert run.state() == before
    run.step()
    twin.step()
    assert run.parameters() == twin.parameters() and run.loss == twin.loss


def test_a_restored_state_goes_on_as_the_run_went_on(mode: str) -> None:
    run = new_run(mode, 6)
    middle = run.state()
    for _ in range(9):
        run.step()
    straight = (run.parameters(), run.loss, run.test_loss, list(run.losses().train))
    run.restore(middle)
    assert run.steps == 6
    for _ in range(9):
        run.step()
    assert (run.parameters(), run.loss, run.test_loss, list(run.losses().train)) == straight


def test_a_copy_is_independent_and_exact(mode: str) -> None:
    run = new_run(mode, 3)
    twin = run.copy()
    assert twin.state() == run.state() and twin.steps == 3
    twin.step()
    assert run.steps == 3
    run.step()
    assert run.parameters() == twin.parameters()


def test_going_back_on_the_timeline_is_exact(mode: str) -> None:
    run = new_run(mode)
    for _ in range(12):
        run.step()
    straight = run.parameters()
    timeline = run.timeline
    assert timeline.steps == list(range(13))
    index = timeline.nearest(5)
    then, five = run.looking_back(index), new_run(mode, 5)
    assert then.parameters() == list(timeline.parameters_at(index)) == five.parameters()
    assert (then.steps, then.epoch, then.loss, then.test_loss) == (
        five.steps,
        five.epoch,
        five.loss,
        five.test_loss,
    )
    assert then.accuracy() == five.accuracy() and then.layers() == five.layers()
    assert run.steps == 12, "looking back leaves the run where it is"
    run.go_back(index)
    assert run.steps == 5 and timeline.steps == list(range(6))
    for _ in range(7):
        run.step()
    assert run.parameters() == straight


def test_a_weight_set_by_hand_is_the_run_from_then_on(mode: str) -> None:
    run = new_run(mode, 2)
    run.set_parameter(1, 0, 1, 0.75)
    run.set_parameter(2, 0, None, -0.25)
    layers = run.layers()
    assert layers[1].weights[0][1] == 0.75 and layers[2].biases[0] == -0.25
    assert list(run.timeline.parameters_at(-1)) == run.parameters(), "the timeline has it"
    before = run.parameters()
    for layer, neuron, source, value in [
        (3, 0, 0, 1.0),
        (0, 3, 0, 1.0),
        (0, 0, 3, 1.0),
        (0, 0, 0, math.nan),
        (0, 0, None, math.inf),
    ]:
        with pytest.raises(ValueError):
            run.set_parameter(layer, neuron, source, value)
    assert run.parameters() == before


def test_settings_change_by_the_runs_own_rules(mode: str) -> None:
    run = new_run(mode, 3)
    rate = 1.0
    assert run.change_settings({"learning_rate": rate}) is run, "live: the same run goes on"
    assert run.settings.learning_rate == rate and run.steps == 3
    shape = run.shape_rules.setting
    restarted = run.change_settings({shape: (4,)})
    assert restarted is not run and restarted.steps == 0
    assert [len(layer.biases) for layer in restarted.layers()] == [4, 1]
    assert run.steps == 3, "the old run is left as it was"
    for bad in ({"colour": "red"}, {"learning_rate": -1.0}, {shape: (1,) * 17}):
        with pytest.raises(ValueError) as error:
            run.change_settings(bad)
        assert "\n" not in str(error.value)


def test_a_saved_run_opens_and_goes_on_exactly(mode: str, tmp_path: Path) -> None:
    run = new_run(mode, 5)
    run.set_view(View(show_test_data=False, discretize=True))
    path = tmp_path / "run.json"
    run.save(str(path))
    opened = open_run(path)
    assert type(opened) is type(run)
    assert opened.state() == run.state() and opened.steps == 5
    assert opened.timeline.steps == run.timeline.steps
    assert list(opened.losses().train) == list(run.losses().train)
    assert opened.url == run.url
    for _ in range(4):
        run.step()
        opened.step()
    assert opened.parameters() == run.parameters()
    assert (opened.loss, opened.test_loss) == (run.loss, run.test_loss)
