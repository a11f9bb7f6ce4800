"""What a run is, in words, and the numbers the screen shows of it (issue 21): the words both
kinds of run give through the contract, the losses after a weight set by hand, and the loss
plot's room for its legend and its names."""

import math

import pytest

from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import described, losses_now
from tui.widgets.loss_plot import PREVIOUS, headroom, legend_label


def test_both_kinds_of_run_say_what_they_are_in_the_same_words() -> None:
    tutorial = make_run(RunConfig(dataset_name="xor", activation="tanh", hidden=(4, 4)))
    assert described(tutorial) == "xor · tanh · x,y · 2-4-4-1"
    url = "#dataset=spiral&activation=relu&networkShape=3&x=false&xSquared=true&sinY=true"
    playground = make_run(PlaygroundState.from_url(url))
    assert described(playground) == "spiral · relu · y,x²,sin y · 3-3-1"
    regression = make_run(PlaygroundState.from_url("#problem=regression&dataset=circle"))
    assert described(regression).startswith("reg-plane · ")


@pytest.mark.parametrize("kind", ["tutorial", "playground"])
def test_the_losses_now_are_the_runs_own_after_an_epoch(kind: str) -> None:
    """With nothing set by hand, they are what the run measured itself: the tutorial's whole
    training set before its next step, the Playground's after its last epoch."""
    if kind == "tutorial":
        run = make_run(RunConfig(train_ratio=50))
        for _ in range(3):
            run.step()
        train, test = losses_now(run)
        run.step()  # its loss is measured before its update: of the network as it was
        assert math.isclose(train, run.loss, rel_tol=1e-12)
        assert test is not None and run.test_loss is not None
        assert math.isclose(test, run.test_loss, rel_tol=1e-12)
    else:
        run = make_run(PlaygroundState.from_url("#dataset=xor&percTrainData=50&seed=0.2"))
        for _ in range(3):
            run.step()
        train, test = losses_now(run)
        assert math.isclose(train, run.loss, rel_tol=1e-12)
        assert test is not None and math.isclose(test, run.test_loss or 0.0, rel_tol=1e-12)


def test_the_legend_has_room_above_a_flat_curve_near_the_top() -> None:
    """xor at a learning rate of 100: a flat loss of 0.47 hid behind the legend's two lines."""
    low, top, highest, rows = -3.0, 0.0, math.log10(0.47), 15
    raised = headroom(low, top, highest, 2, rows)
    lines_above = (raised - highest) / (raised - low) * rows
    assert lines_above >= 3, "two lines of legend and one to spare"
    assert headroom(low, top, highest, 0, rows) == top, "no legend, no room taken"
    assert headroom(low, top, highest, 2, 4) == top, "a plot too low keeps its axis"


def test_a_legend_name_too_long_is_cut_after_a_word_and_still_says_before() -> None:
    assert legend_label("before: dataset grid", 30) == "before: dataset grid"
    assert legend_label("before: dataset grid", 17) == "before: dataset…"
    assert legend_label("before: lr 3, hidden 8,8", 17) == "before: lr 3…"
    assert legend_label("before: dataset grid", 12) == PREVIOUS
    assert len(legend_label("before: dataset grid", 5)) <= 5
