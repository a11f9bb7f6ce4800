"""The app in Playground mode: a TensorFlow Playground URL, trained epoch by epoch, as there."""

import json
from pathlib import Path
from typing import Any

import pytest

from harness.pilot import (
    keys_together,
    screen_lines,
    status_line,
    wait_for,
    wait_for_notice,
    wait_until,
    widget_text,
)
from scratchnet.playground import PlaygroundState
from tui.app import ScratchnetApp
from tui.widgets.loss_plot import LossPlot
from tui.widgets.prediction_grid import PredictionGrid

SIZE = (120, 40)  # room for the picture's axis labels and the whole status line
SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame
REFERENCE = Path(__file__).parents[1] / "data" / "playground" / "xor-default.json"


@pytest.fixture(scope="module")
def xor_default() -> dict[str, Any]:
    reference: dict[str, Any] = json.loads(REFERENCE.read_text())
    return reference


def playground_app(hash_: str) -> ScratchnetApp:
    return ScratchnetApp(PlaygroundState.from_url(hash_), paused=True)


async def test_a_playground_url_draws_its_square_steps_by_epochs_and_u_copies_it_back(
    xor_default: dict[str, Any],
) -> None:
    app = playground_app(xor_default["settings"]["hash"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The picture spans the Playground's square, -6 to 6.
        await wait_for(pilot, lambda s: s.step == 0 and len(s.grid) > 32)
        await pilot.pause()
        lines = [
            line.strip("│ ") for line in widget_text(app.query_one(PredictionGrid)).splitlines()
        ]
        assert any(line.split()[:1] == ["6"] for line in lines), "the y axis starts at 6"
        assert any(line.split()[:4] == ["-6", "-3", "0", "3"] for line in lines), "x: -6 to 6"

        # n steps one epoch, and the status line shows the Playground's own losses.
        await pilot.press("n", "n", "n")
        snapshot = await wait_for(pilot, lambda s: s.step == 3)
        train, test = xor_default["loss"][3]
        assert snapshot.loss == pytest.approx(train, rel=1e-12)
        assert snapshot.test_loss == pytest.approx(test, rel=1e-12)
        status = status_line(app)
        assert f"epoch 3  loss {train:.4f}  test loss {test:.4f}" in status
        assert "seed 0.80007" in status and "epochs/s" in status and "step " not in status
        plot = app.query_one(LossPlot).region
        axis_name = lambda: screen_lines(app)[plot.bottom - 2][plot.x : plot.right]  # noqa: E731
        await wait_until(pilot, lambda: axis_name().strip("│ ") == "epoch")  # not "step"

        # u copies the URL of the run on screen, with its changes.
        await pilot.press("r")
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("plus")  # lr 0.03 -> 0.1: live, no restart
        changed = await wait_for(pilot, lambda s: s.learning_rate == 0.1)
        assert changed.step == 0
        await pilot.press("u")
        await wait_for_notice(pilot, "playground.tensorflow.org")
        state = PlaygroundState.from_url(app.clipboard)
        assert state.learning_rate == 0.1 and state.seed == "0.80007"
        assert state.with_changes(learning_rate=0.03).to_hash() == xor_default["settings"]["hash"]


async def test_keys_follow_the_playgrounds_rules() -> None:
    app = playground_app("#networkShape=4,2&seed=0.5&dataset=xor")
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("right_square_bracket")  # a new layer has 2 neurons
        await wait_for(pilot, lambda s: s.config.network_shape == (4, 2, 2))  # type: ignore[union-attr]
        keys_together(pilot, ["full_stop"] * 7)  # held down: up to 8 neurons, no more
        await wait_for_notice(pilot, "1 to 8 neurons")
        assert app.session.config.network_shape == (4, 2, 8)  # type: ignore[union-attr]
        await pilot.press("d")  # new data: the next dataset, under a new seed
        snapshot = await wait_for(pilot, lambda s: s.config.dataset == "gauss")  # type: ignore[union-attr]
        assert snapshot.seed != "0.5"
