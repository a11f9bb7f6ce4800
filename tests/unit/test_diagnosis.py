"""Why is it stuck? Runs built to fail each get their one line; healthy runs never get one.

Each run is measured every few steps, as the app's worker measures it, and what a user would
see is the line `Watch` shows. In both modes where the mode can express it: the tutorial's run
from its options, a Playground run from its URL (its learning rates go up to 10).
"""

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest

from scratchnet.config import RunConfig
from scratchnet.diagnosis import CLEAR_AFTER, RAISE_AFTER, Diagnosis, Watch, findings
from scratchnet.health import Health, measure
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Run

LOWER = "the learning rate is too high (- lowers it, r restarts)"
LOWER_RE = re.escape(LOWER)


def tutorial(**settings: Any) -> Run:
    return make_run(RunConfig(**settings))


def playground(url: str) -> Run:
    return make_run(PlaygroundState.from_url(url))


def lines_seen(
    run: Run, steps: int, every: int, changes: Mapping[int, Mapping[str, Any]] | None = None
) -> list[tuple[int, str | None]]:
    """Train `steps` steps, measuring every `every`: each line shown, with the step it first
    showed at (None when the line went). `changes`: settings to change before a step, as a key
    would. A run that diverges stops; it is measured once more, as the worker would."""
    watch = Watch()
    seen: list[tuple[int, str | None]] = []
    shown: tuple[str, int | None] | None = None

    def look() -> None:
        nonlocal shown
        line = watch.observe(measure(run))
        if (None if line is None else line.key) != shown:
            shown = None if line is None else line.key
            seen.append((run.steps, None if line is None else line.line))
        elif line is not None:
            seen[-1] = (seen[-1][0], line.line)  # the same line, its latest numbers

    for _ in range(steps):
        if changes and run.steps in changes:
            run = run.change_settings(changes[run.steps])
        run.step()
        if run.diverged:
            look()
            break
        if run.steps % every == 0:
            look()
    return seen


def last_line(seen: list[tuple[int, str | None]]) -> str:
    assert seen, "no line was ever shown"
    line = seen[-1][1]
    assert line is not None, seen
    return line


# -- saturated ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"activation": "sigmoid", "learning_rate": 100.0, "hidden": (8,)},
        {"activation": "linear", "learning_rate": 100.0},
        {"activation": "tanh", "learning_rate": 100.0, "hidden": (8, 8)},
    ],
    ids=["sigmoid", "linear", "tanh 8,8"],
)
def test_a_tutorial_run_at_learning_rate_100_is_saturated(settings: dict[str, Any]) -> None:
    # Measured for longer after the line is raised than it would take to clear it.
    measurements = RAISE_AFTER + CLEAR_AFTER + 2
    seen = lines_seen(tutorial(**settings), measurements * 20, 20)
    (step, line), *_ = seen
    assert re.fullmatch(
        rf"saturated: the output is 0 for every point \(z ≈ -\d+\): {LOWER_RE}", line
    )
    assert step == RAISE_AFTER * 20, "raised once it held for a few measurements"
    assert len(seen) == 1, "and it stays"


def test_every_stuck_layer_is_found_the_most_telling_shown() -> None:
    run = tutorial(activation="tanh", learning_rate=100.0, hidden=(8, 8))
    for _ in range(100):
        run.step()
    found = findings(measure(run))
    assert [diagnosis.key for diagnosis in found] == [
        ("saturated", 2),
        ("saturated", 1),
        ("flat", None),
    ]
    assert found[1].what.endswith("tanh neurons in layer 2 are -1 or 1 for every point")
    assert found[2].cause == "it has learnt nothing", "not a learning rate too low"


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("#activation=tanh&learningRate=10&networkShape=8,8", "the output is 1 for every point"),
        ("#activation=sigmoid&learningRate=10&networkShape=4,2", "the output is -1 for every"),
        ("#activation=linear&learningRate=10&networkShape=4,2", "the output is -1 or 1 for"),
    ],
    ids=["tanh", "sigmoid", "linear"],
)
def test_a_playground_run_at_learning_rate_10_is_saturated(url: str, what: str) -> None:
    # The first line is the point: each is raised by epoch 15, so 30 epochs leave room to spare.
    seen = lines_seen(playground(f"{url}&dataset=circle&seed=0.2"), 30, 5)
    line = seen[0][1]
    assert line is not None and line.startswith(f"saturated: {what}") and line.endswith(LOWER)


# -- dead -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "run",
    [
        lambda: tutorial(activation="relu", hidden=(4, 2), learning_rate=10.0),
        lambda: playground("#activation=relu&learningRate=3&networkShape=4,2&seed=0.2"),
    ],
    ids=["tutorial", "playground"],
)
def test_relus_killed_by_a_high_learning_rate_are_dead(run: Any) -> None:
    line = last_line(lines_seen(run(), 200, 10))
    assert line == f"dead: 2 of 2 relus in layer 2 never fire: {LOWER}"


# -- diverging ------------------------------------------------------------------------------


def test_a_tutorial_run_whose_learning_rate_is_raised_to_100_diverges_then_saturates() -> None:
    seen = lines_seen(tutorial(), 1100, 5, changes={1000: {"learning_rate": 100.0}})
    assert seen[0][0] > 1000, "silent while it learnt"
    diverging, saturated = seen[0][1], seen[-1][1]
    assert diverging is not None and saturated is not None
    assert re.fullmatch(rf"diverging: loss x\d+ in \d+ steps: {LOWER_RE}", diverging)
    assert int(diverging.split("x")[1].split()[0]) >= 10
    assert seen[0][0] <= 1020, "at once: a loss that blows up is not waited for"
    assert saturated.startswith("saturated: the output is 0 for every point")


def test_a_tutorial_run_whose_numbers_stop_being_finite_is_diverging() -> None:
    # relu, lr 1000 and L2 at 0.01: each step multiplies the weights by 1 - 1000 * 0.01 = -9.
    run = tutorial(
        activation="relu", learning_rate=1000.0, regularisation="l2", regularisation_rate=0.01
    )
    seen = lines_seen(run, 1000, 20)
    assert run.diverged
    saturated, diverging = (line for _, line in seen)
    assert saturated is not None and saturated.startswith("saturated: the output is ")
    assert diverging == f"diverging: its numbers are no longer finite: {LOWER}"


def test_a_playground_regression_at_learning_rate_3_diverges() -> None:
    seen = lines_seen(playground("#problem=regression&learningRate=3&seed=0.1"), 20, 5)
    step, line = seen[0]
    assert step <= 5, "as soon as it stops being a number"
    assert line is not None
    assert re.fullmatch(
        rf"diverging: loss x\de\d+ in \d epochs, then no longer a number: {LOWER_RE}", line
    )


# -- vanishing ------------------------------------------------------------------------------

DEEPER = (
    "each layer of sigmoid passes back less of them (a changes the activation, [ removes a layer)"
)


@pytest.mark.parametrize(
    "run",
    [
        lambda: tutorial(hidden=(8,) * 6),
        lambda: playground("#activation=sigmoid&networkShape=8,8,8,8&seed=0.2"),
    ],
    ids=["tutorial", "playground"],
)
def test_a_deep_sigmoid_network_has_vanishing_gradients(run: Any) -> None:
    line = last_line(lines_seen(run(), 40, 10))
    match = re.fullmatch(
        rf"vanishing: layer 1's gradients are (\de-\d+) of the output's: {re.escape(DEEPER)}", line
    )
    assert match, line
    assert float(match.group(1)) < 1e-3


# -- flat -----------------------------------------------------------------------------------


def test_a_flat_loss_that_has_learnt_nothing_is_flat() -> None:
    # Three sigmoid layers of 3 at lr 10: stuck at what one answer for every point gets.
    line = last_line(lines_seen(tutorial(hidden=(3, 3, 3)), 120, 20))
    assert line == (
        "flat: the loss has not moved from 0.1434 in 20 steps: it has learnt nothing "
        "(r restarts, s tries another seed)"
    )


# -- healthy runs ----------------------------------------------------------------------------


# The Playground's six reference runs are silent from start to end too, measured every 5 of their
# 100 epochs: that is checked in test_playground_ref_runs.py, as they are trained there against
# the Playground's own figures, so that each is trained once.


@pytest.mark.parametrize("seed", range(10))
def test_the_tutorials_run_is_silent_from_start_to_end(seed: int) -> None:
    assert lines_seen(tutorial(seed=seed), 2000, 20) == []


# -- no flicker ------------------------------------------------------------------------------


def test_a_line_is_raised_after_a_few_measurements_and_cleared_after_a_few() -> None:
    stuck, healthy = sample_health(stuck=True), sample_health(stuck=False)
    assert findings(stuck) and not findings(healthy)
    watch = Watch()
    shown = [watch.observe(stuck) for _ in range(RAISE_AFTER)]
    assert shown[:-1] == [None] * (RAISE_AFTER - 1) and shown[-1] is not None
    for _ in range(CLEAR_AFTER - 1):
        assert watch.observe(healthy) == shown[-1], "still shown"
    assert watch.observe(healthy) is None


def test_a_finding_that_comes_and_goes_does_not_flicker() -> None:
    stuck, healthy = sample_health(stuck=True), sample_health(stuck=False)
    watch = Watch()
    shown = [watch.observe(health) for health in [stuck, healthy] * 10]
    assert shown == [None] * 20, "never held long enough to be raised"
    for _ in range(RAISE_AFTER):
        line = watch.observe(stuck)
    assert isinstance(line, Diagnosis)
    shown = [watch.observe(health) for health in [healthy, stuck] * 10]
    assert shown == [line] * 20, "never gone long enough to be cleared"


@cache  # the same runs each time: measured once for both tests
def sample_health(*, stuck: bool) -> Health:
    """A measurement of the saturating tutorial run (stuck) or of the tutorial's own."""
    run = tutorial(learning_rate=100.0, hidden=(8,)) if stuck else tutorial()
    for _ in range(100):
        run.step()
    return measure(run)
