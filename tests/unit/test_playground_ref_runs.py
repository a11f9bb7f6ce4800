"""Playground runs against the Playground's own: tests/data/playground/*.json.

Each reference is one URL run for 100 epochs by the Playground's TypeScript under node (see the
README there). The same URL here must give the same points, the same starting weights, the same
loss after every epoch and the same final weights and dead links. JavaScript's sin, tanh, exp
and log may round differently from CPython's in the last bit, so floats are compared to 1e-12
(points, starting weights) and 1e-9 (after training), as issue 12 asks. They are healthy runs
that learn, so the diagnosis (test_diagnosis.py) must say nothing about them all the way.
"""

import copy
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scratchnet.features import expand
from scratchnet.modes.playground import PlaygroundMode
from scratchnet.playground import PlaygroundRun, PlaygroundState, run_lines
from scratchnet.playground.compiled import mean_loss, source
from scratchnet.playground.network import Network
from tests.unit.test_diagnosis import lines_seen

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "playground"
NAMES = sorted(path.stem for path in REFERENCES.glob("*.json"))
EPOCHS = 100
MEASURED_EVERY = 5  # epochs between two measurements of its health, as it trains


def test_all_six_references_are_here() -> None:
    assert len(NAMES) == 6


@cache
def reference(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCES / f"{name}.json").read_text())
    return data


@cache
def trained(name: str) -> tuple[PlaygroundRun, list[Any], list[tuple[int, str | None]]]:
    """The run after 100 epochs, its starting weights (taken before training), and each line the
    diagnosis showed on the way (`lines_seen`): it is trained as the app trains it, its health
    measured every few epochs, which changes nothing in it."""
    run = PlaygroundMode(PlaygroundState.from_url(reference(name)["settings"]["hash"]))
    start = flat_weights(run.engine)
    seen = lines_seen(run, EPOCHS, MEASURED_EVERY)
    return run.engine, start, seen


def flat_weights(run: PlaygroundRun) -> list[Any]:
    """Node by node: its id, its bias, its weights."""
    return [
        value
        for layer in run.weights()
        for node in layer
        for value in (node.id, node.bias, *node.weights)
    ]


def reference_weights(layers: list[list[dict[str, Any]]]) -> list[Any]:
    return [
        value
        for layer in layers
        for node in layer
        for value in (node["id"], node["bias"], *node["weights"])
    ]


def assert_close(ours: list[Any], theirs: list[Any], tolerance: float, what: str) -> None:
    assert len(ours) == len(theirs), what
    for mine, reference_value in zip(ours, theirs):
        if isinstance(reference_value, str):
            assert mine == reference_value, what
        else:
            assert math.isclose(mine, reference_value, rel_tol=tolerance, abs_tol=tolerance), (
                what,
                mine,
                reference_value,
            )


@pytest.mark.parametrize("name", NAMES)
def test_the_points_are_the_playgrounds(name: str) -> None:
    run = PlaygroundRun.from_url(reference(name)["settings"]["hash"])
    for ours, theirs in ((run.train_points, "train"), (run.test_points, "test")):
        expected = reference(name)[theirs]
        assert len(ours) == len(expected), theirs
        for point, expected_point in zip(ours, expected):
            assert_close(list(point), expected_point, 1e-12, f"a {theirs} point")


def test_points_drawn_without_sin_or_log_are_equal_to_the_last_bit() -> None:
    for name in ("xor-default", "regplane-linear"):
        run = PlaygroundRun.from_url(reference(name)["settings"]["hash"])
        assert [list(point) for point in run.train_points] == reference(name)["train"]
        assert [list(point) for point in run.test_points] == reference(name)["test"]


@pytest.mark.parametrize("name", NAMES)
def test_a_run_starts_learns_and_ends_as_the_playgrounds_does(name: str) -> None:
    """The starting weights, every epoch's losses, the final weights and the dead links; and, as
    it learns, no line saying it is stuck. In one test, so that the reference's 100 epochs are
    trained once, whichever worker runs it."""
    run, start, seen = trained(name)
    # Drawn after the points and the shuffle, so equal weights mean the whole stream agrees.
    assert start == reference_weights(reference(name)["initial_weights"]), "the starting weights"
    expected = reference(name)["loss"]
    assert len(run.losses) == len(expected) == EPOCHS + 1, "the losses of every epoch"
    for epoch, (ours, theirs) in enumerate(zip(run.losses, expected)):
        for mine, reference_loss in zip(ours, theirs):
            assert math.isclose(mine, reference_loss, rel_tol=1e-9), (
                "the losses after epoch",
                epoch,
                mine,
                reference_loss,
            )
    final = reference_weights(reference(name)["final_weights"])
    assert_close(flat_weights(run), final, 1e-9, "the final weights")
    assert run.dead_links == reference(name)["dead_links"], "the dead links"
    assert seen == [], "a healthy run is silent from start to end"


def test_l1_kills_links_and_they_stay_exactly_zero() -> None:
    run = copy.deepcopy(trained("gauss-sigmoid-l1-batch1")[0])  # it trains on: a copy
    assert len(run.dead_links) == 21
    frozen = [
        weight
        for layer in run.network.layers
        for weights, dead in zip(layer.weights, layer.dead)
        for weight, is_dead in zip(weights, dead)
        if is_dead
    ]
    assert frozen == [0.0] * 21
    run.step_epoch()  # and they stay so
    assert len(run.dead_links) >= 21


def readable_epoch(run: PlaygroundRun, network: Network) -> None:
    """playground.ts oneStep with Network.forward/backward/update_params, as written."""
    state = run.state
    for i, (x, y, label) in enumerate(run.train_points, start=1):
        network.forward(expand(x, y, run.inputs))
        network.backward(label)
        if i % state.batch_size == 0:
            network.update_params(
                state.learning_rate, state.regularization, state.regularization_rate
            )


@pytest.mark.parametrize(
    "url",
    [
        "#activation=relu&regularization=L2&regularizationRate=0.03&batchSize=7&networkShape=5,3"
        "&seed=0.4&dataset=circle&noise=20",
        "#activation=sigmoid&regularization=L1&regularizationRate=0.1&batchSize=3&seed=0.9"
        "&dataset=gauss&xSquared=true&sinY=true",
        "#activation=linear&problem=regression&regDataset=reg-gauss&seed=0.1&learningRate=0.01",
        "#seed=0.2&x=false&y=false&networkShape=2",  # no input at all: biases alone learn
    ],
)
def test_the_fast_code_is_the_readable_network_to_the_last_bit(url: str) -> None:
    fast = PlaygroundRun.from_url(url)
    readable = PlaygroundRun.from_url(url)
    examples = [(expand(x, y, fast.inputs), label) for x, y, label in fast.train_points]
    for _ in range(3):
        fast.step_epoch()
        readable_epoch(readable, readable.network)
        assert flat_weights(fast) == flat_weights(readable)
        assert mean_loss(examples, fast.network) == fast.train_loss
    assert fast.dead_links == readable.dead_links


def test_the_fast_code_can_be_read() -> None:
    run = PlaygroundRun.from_url("#seed=0.5&networkShape=2&activation=relu")
    text = source(run.network)
    assert "o0_0 = (0.0 if z < 0 else z)" in text
    assert "g0_0_1 += dz0_0 * x1" in text
    assert "d0_1 = 0.0 + w1_0_1 * dz1_0" in text


def test_predictions_and_accuracy_follow_the_sign_of_the_output() -> None:
    run, _, _ = trained("xor-default")
    points = [(x, y) for x, y, _ in run.test_points]
    answers = run.predictions(points)
    assert answers[:5] == [run.predict(x, y) for x, y in points[:5]]
    right = sum((a >= 0) == (label > 0) for a, (_, _, label) in zip(answers, run.test_points))
    assert run.test_accuracy() == right / len(points)
    assert run.test_accuracy() > 0.95  # the Playground's xor default learns it in 100 epochs


def test_run_lines_prints_the_playgrounds_losses() -> None:
    expected = reference("xor-default")["loss"]
    lines = list(run_lines(reference("xor-default")["settings"]["hash"], 4, every=2))
    assert [line.split()[0] for line in lines] == ["0", "2", "4"]
    for line, epoch in zip(lines, (0, 2, 4)):
        train, test = map(float, line.split()[1:])
        assert math.isclose(train, expected[epoch][0], rel_tol=1e-9)
        assert math.isclose(test, expected[epoch][1], rel_tol=1e-9)
    assert [line.split()[0] for line in run_lines("#seed=1", 5, every=2)] == ["0", "2", "4", "5"]


@pytest.mark.parametrize(
    ("url", "epochs", "every", "message"),
    [
        ("#seed=1&batchSize=0", 3, 1, "batchSize:"),
        ("#seed=1", -1, 1, "epochs"),
        ("#seed=1", 3, 0, "every"),
    ],
)
def test_run_lines_refuses_bad_input_at_once(
    url: str, epochs: int, every: int, message: str
) -> None:
    with pytest.raises(ValueError, match="^" + message):
        run_lines(url, epochs, every)


def test_the_learning_rate_changes_live_and_is_checked() -> None:
    run = PlaygroundRun.from_url("#seed=0.5&dataset=xor")
    same = PlaygroundRun.from_url("#seed=0.5&dataset=xor")
    run.step_epoch()
    same.step_epoch()
    run.set_learning_rate(1.0)
    run.step_epoch()
    same.step_epoch()
    assert run.epoch == 2 and run.losses[:2] == same.losses[:2]
    assert run.train_loss != same.train_loss
    assert run.state.to_hash() == same.state.to_hash().replace(
        "learningRate=0.03", "learningRate=1"
    )
    with pytest.raises(ValueError, match=r"^learningRate:"):
        run.set_learning_rate(0.02)
