"""Why is it stuck, on screen at 80x24, in both modes: a saturated run's line names the layer,
the cause and the keys that cure it in the view open; `h` shows each layer's figures; the
diagram marks the saturated neuron and the probe names it. A healthy run has no line."""

import pytest

from harness.pilot import case, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from scratchnet.diagnosis import RAISE_AFTER
from scratchnet.health import steps_between
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Settings
from tests.app.conftest import Mode
from tui.app import ScratchnetApp
from tui.widgets.diagnosis_line import DiagnosisLine
from tui.widgets.health_view import HealthView
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.probe_panel import ProbePanel

SIZE = (80, 24)
SATURATING: dict[str, Settings] = {
    "tutorial": RunConfig(learning_rate=100.0),  # sigmoid: the output says 0 everywhere
    "playground": PlaygroundState.from_url(
        "#activation=tanh&learningRate=10&networkShape=2&dataset=circle&seed=0.2"
    ),
}


def measured(settings: Settings, measurements: int = RAISE_AFTER) -> int:
    """How many steps until the run has been measured `measurements` times."""
    return measurements * steps_between(make_run(settings))


@pytest.mark.parametrize("mode", sorted(SATURATING))
async def test_a_saturated_run_says_why_and_how_to_cure_it_at_80x24(mode: str) -> None:
    settings = SATURATING[mode]
    app = ScratchnetApp(settings, paused=True, skip_to=measured(settings))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.health.shown is not None)
        line = app.query_one(DiagnosisLine)
        status = app.query_one("#status")

        with case("one line, just above the status line, with the layer, cause and keys"):
            await wait_until(pilot, lambda: line.display and line.region.height == 1)
            assert line.region.y == status.region.y - 1
            text = widget_text(line).strip()
            assert text.startswith("saturated (output): ")
            assert "learning rate is too high" in text
            assert text.endswith("(- lowers it, r restarts)")

        with case("h: each layer's figures over time"):
            await pilot.press("h")
            view = app.query_one(HealthView)
            await wait_until(pilot, lambda: "update/w" in widget_text(view))
            shown = widget_text(view)
            for figure in ("loss", "layer 1", "output", "saturated", "gradient", "update/w"):
                assert figure in shown
            assert "1/1" in shown, "the output: saturated"
            assert " saturated (output)" in shown, "what is wrong now"
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.side == "loss")

        with case("the diagram marks the output S; there the cure is l, not -"):
            await pilot.press("v")
            diagram = app.query_one(NetworkDiagram)
            await wait_until(pilot, lambda: "S saturated" in widget_text(diagram))
            await wait_until(pilot, lambda: "l types a lower one" in widget_text(line))
            assert widget_text(line).strip().endswith("(l types a lower one, r restarts)")
            await pilot.press("v")

        with case("the probe names the neuron saturated at its point"):
            await pilot.press("p")
            panel = app.query_one(ProbePanel)
            await wait_until(pilot, lambda: "saturated here" in widget_text(panel))
            assert "output at " in " ".join(widget_text(panel).split())


async def test_a_healthy_run_has_no_line_and_h_shows_its_figures(mode: Mode) -> None:
    app = mode.app(measured(mode.settings))
    async with app.run_test(size=SIZE) as pilot:
        snapshot = await wait_for(pilot, lambda s: len(s.health.history) == RAISE_AFTER)
        assert snapshot.health.shown is None
        line = app.query_one(DiagnosisLine)
        assert not line.display and widget_text(line).strip() == ""
        await pilot.press("h")
        view = app.query_one(HealthView)
        await wait_until(pilot, lambda: "gradient" in widget_text(view))
        shown = widget_text(view)
        assert "layer 1" in shown and "layer 2" in shown and "output" in shown
        assert "nothing wrong now" in shown
