"""Seeing inside in the app: the neuron view, the probe, and the live gradient check."""

import pytest

from harness.pilot import wait_for, wait_for_notice, wait_until, widget_text
from scratchnet.config import RunConfig
from scratchnet.neuron import Neuron
from scratchnet.probe import probe
from tui.app import ScratchnetApp
from tui.widgets.neuron_view import NeuronView
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.probe_panel import ProbePanel, loss_number, number

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40


def trained_app(steps: int = 300, **settings: object) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(**settings), paused=True, skip_to=steps)  # type: ignore[arg-type]


async def test_the_neuron_view_the_probe_and_g_look_inside_a_trained_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = trained_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # i shows every neuron, and Enter draws one full size.
        await wait_for(pilot, lambda s: s.step == 300)
        await pilot.press("i")
        snapshot = await wait_for(pilot, lambda s: len(s.neurons) == 5)
        network = app.session.run.trainer.network
        for picture in snapshot.neurons:
            neuron = network.layers[picture.layer][picture.index]
            assert picture.bias == neuron.bias and picture.weights == tuple(neuron.weights)
        view = app.query_one(NeuronView)
        text = widget_text(view)
        assert (
            "layer 1" in text and "output" in text and f"{network.layers[0][0].bias:+.2f}" in text
        )
        await pilot.press("down", "down", "down", "down")
        assert view.selected == (0, 3), "the choice stops at the last neuron"
        await pilot.press("right")
        assert view.selected == (1, 0)
        await pilot.press("left", "down", "down", "down")
        assert view.selected == (0, 3)
        output_grid = snapshot.grid
        await pilot.press("enter")
        shown = await wait_for(pilot, lambda s: s.shown_neuron == (0, 3))
        await wait_for(pilot, lambda s: s.grid is not shown.grid or s.grid is not output_grid)
        assert app.snapshot is not None and app.snapshot.grid != output_grid
        assert "neuron 1.4" in str(app.query_one(PredictionGrid).border_title)
        await pilot.press("escape")
        await wait_for(pilot, lambda s: s.shown_neuron is None)
        assert "prediction" in str(app.query_one(PredictionGrid).border_title)
        await pilot.press("i")
        await wait_for(pilot, lambda s: s.neurons == ())

        # The probe shows scratchnet's own numbers on a training point.
        await wait_for(pilot, lambda s: len(s.grid) > 32)
        await pilot.press("p")
        grid = app.query_one(PredictionGrid)
        centre = await wait_for(pilot, lambda s: s.probe is not None)
        assert centre.probe is not None
        # The picture's centre cell holds the training point (0, 0), label 1.
        assert (centre.probe.x, centre.probe.y) == (0.0, 0.0)
        expected = probe(network, 0.0, 0.0, target=1.0)
        assert centre.probe == expected
        assert expected.backward is not None
        text = widget_text(app.query_one(ProbePanel))
        assert "training point, target 1" in text
        assert loss_number(expected.backward.loss) in text
        assert number(expected.backward.layers[0][0].d_z) in text
        assert number(expected.backward.layers[0][0].d_weights[1]) in text
        cursor = grid.cursor
        assert cursor is not None
        await pilot.press("up")
        moved = await wait_for(pilot, lambda s: s.probe is not None and s.probe.y > 0)
        assert moved.probe is not None and moved.probe.backward is None  # between dots
        assert "Not a training point" in widget_text(app.query_one(ProbePanel))
        assert grid.cursor == (cursor[0], cursor[1] - 1)
        await pilot.press("p")
        await wait_for(pilot, lambda s: s.probe is None)
        assert grid.cursor is None

        # g catches a corrupted gradient.
        real_backward = Neuron.backward

        def wrong_backward(self: Neuron, d_a: float, d_inputs: list[float] | None = None) -> None:
            real_backward(self, d_a, d_inputs)
            self.d_bias *= 1.5  # a bug: the bias gets half as much again as it should

        monkeypatch.setattr(Neuron, "backward", wrong_backward)
        await pilot.press("g")
        await wait_until(pilot, lambda: app.gradient_report is not None)
        assert app.gradient_report is not None
        assert max(check.max_error for check in app.gradient_report.layers) > 0.1
        assert "MISMATCH" in await wait_for_notice(pilot, "MISMATCH")


async def test_the_neuron_view_follows_training_live_and_g_works_while_training() -> None:
    app = ScratchnetApp(RunConfig(), paused=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        first = await wait_for(pilot, lambda s: len(s.neurons) == 5)
        later = await wait_for(
            pilot, lambda s: s.neurons is not first.neurons and s.step > first.step
        )
        assert later.neurons != first.neurons

        # The gradient check works while training.
        await wait_for(pilot, lambda s: s.step > 10)
        await pilot.press("g")
        await wait_until(pilot, lambda: app.gradient_report is not None)
        snapshot = app.snapshot
        assert snapshot is not None
        assert snapshot.state == "running" or snapshot.step > 10
        await pilot.press("space")


async def test_g_reports_backprop_exact_on_a_fresh_network_and_help_lists_the_keys() -> None:
    app = trained_app(0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("g")
        await wait_until(pilot, lambda: app.gradient_report is not None)
        assert app.gradient_report is not None
        assert max(check.max_error for check in app.gradient_report.layers) < 1e-6
        messages = await wait_for_notice(pilot, "backprop is exact")
        assert "backprop is exact" in messages and "layer 1" in messages

        # Arrows, Enter and Escape are listed in help, with the keys that open these views.
        await pilot.press("question_mark")
        text = "\n".join(widget_text(w) for w in app.screen.query("Static"))
        for key in ["↑ ↓ ← →", "enter", "escape", "i", "p", "g"]:
            assert key in text, f"help: {key}"
