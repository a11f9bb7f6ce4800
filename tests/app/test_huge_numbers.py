"""Numbers at the ends of what a float holds: a run file may hold a loss of 1.7e+308 or a weight
of -1.7e+308 (finite numbers), and training may reach inf or nan. The screen draws every finite
one, writes each in a few characters, and a run that reaches inf is "diverged", never a crash.
"""

import json
import math
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from harness.pilot import case, status_line, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from scratchnet.runfile import save_run
from tui.app import ScratchnetApp
from tui.drawing.axis import log_ticks
from tui.drawing.numbers import fixed
from tui.screens.input_dialog import InputDialog
from tui.widgets.loss_plot import LossPlot, log_points
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.neuron_view import NeuronView, signed
from tui.widgets.probe_panel import ProbePanel, loss_number, number
from tui.widgets.status_bar import loss_text

EXTREMES = [1.7e308, -1.7e308, 5e-324, -5e-324, math.inf, -math.inf, math.nan]
SHORT = 14  # characters: `-1.700000e+308` is the longest any of these writes


@pytest.mark.parametrize("value", EXTREMES, ids=repr)
def test_every_number_the_screen_writes_stays_short(value: float) -> None:
    for written in [
        fixed(value, 3),
        fixed(value, 2, signed=True),
        loss_text(value),
        number(value),
        loss_number(value),
        signed(value).plain,
    ]:
        assert len(written) <= SHORT, written


@pytest.mark.parametrize("value", EXTREMES, ids=repr)
def test_the_loss_axis_takes_any_loss(value: float) -> None:
    points = log_points(((1, 0.25), (2, value)))
    assert all(math.isfinite(log) for _, log in points)
    drawn = 0 < value < math.inf
    assert len(points) == (2 if drawn else 1), "every finite loss above 0 is drawn"
    logs = [log for _, log in points]
    ticks, labels = log_ticks(min(logs), max(0.0, max(logs)))
    assert ticks[0] <= min(logs) and max(logs) <= ticks[-1]
    assert len(ticks) <= 13 and {len(label) for label in labels} == {6}


def whole_text(widget: Widget) -> str:
    """What a widget shows, its border and bottom line too."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def extreme_run(path: Path) -> Path:
    """A run of 5 steps whose last loss is 1.7e+308 and whose weights are the extremes."""
    config = RunConfig()
    trainer = config.trainer()
    for _ in range(5):
        trainer.step()
    save_run(path, config, trainer)
    data = json.loads(path.read_text())
    data["losses"]["train"] = [0.3, 5e-324, 0.1, 1e-300, 1.7e308]
    values = [1.7e308, -1.7e308, 5e-324]
    for layer in data["network"]:
        for index, neuron in enumerate(layer):
            neuron["weights"] = [values[(index + k) % 3] for k in range(len(neuron["weights"]))]
            neuron["bias"] = values[index % 3]
    path.write_text(json.dumps(data))
    return path


async def test_o_opens_a_run_of_huge_numbers_and_every_view_shows_it(tmp_path: Path) -> None:
    path = extreme_run(tmp_path / "huge.json")
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(120, 24)) as pilot:  # the probe's lines at full width
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        app.screen.query_one("#value").value = str(path)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda s: s.step == 5)

        with case("the status line"):
            assert "loss 1.7000e+308 " in status_line(app)
        with case("the loss plot, from 1e-300 to 1e+308"):
            plot = app.query_one(LossPlot)
            await wait_until(pilot, lambda: "1e+300" in widget_text(plot))
            assert "1e-300" in widget_text(plot)
        with case("the neuron view"):
            await pilot.press("i")
            view = app.query_one(NeuronView)
            await wait_until(pilot, lambda: "b +1.70e+308" in widget_text(view))
        with case("the probe"):
            await pilot.press("p")
            probe = app.query_one(ProbePanel)
            await wait_until(pilot, lambda: "f(x, y) =" in widget_text(probe))
            assert max(len(line) for line in widget_text(probe).splitlines()) < 60
        with case("the diagram's footer"):
            await pilot.press("v")
            diagram = app.query_one(NetworkDiagram)
            await wait_until(pilot, lambda: "bias 1.700e+308" in whole_text(diagram))
        with case("a step from there diverges"):
            await pilot.press("n")
            await wait_for(pilot, lambda s: s.state == "diverged")
        assert app.is_running and app.return_code is None
