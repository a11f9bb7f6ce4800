"""Every view usable at 80x24, the size an SSH session opens: the diagram names every feature
apart and says which are off, the neuron view shows the last layer whole, and every value the
probe shows stands on a row that names it, its backward pass a PgDn away."""

import re

from harness.pilot import case, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from scratchnet.playground import PlaygroundState
from tui.app import ScratchnetApp
from tui.drawing.numbers import fixed
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.neuron_view import NeuronView
from tui.widgets.probe_panel import ProbePanel

SMALL = (80, 24)


async def test_the_diagram_names_sin_x_and_sin_y_apart_and_says_which_features_are_off() -> None:
    url = "#seed=0.5&networkShape=4,2&sinX=true&x=true&y=true&sinY=false&xSquared=false"
    app = ScratchnetApp(PlaygroundState.from_url(url), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("v")
        diagram = app.query_one(NetworkDiagram)
        await wait_until(pilot, lambda: "sin x" in widget_text(diagram))
        text = widget_text(diagram)
        assert "sin x" in text and "sin y" in text, text
        assert re.search(r"sin y off", text) and re.search(r"x² off", text), text
        assert "sin x off" not in text and "\n sin\n" not in text, text


async def test_the_neuron_view_shows_its_last_layer_whole_at_80x24() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("i")
        snapshot = await wait_for(pilot, lambda s: len(s.neurons) > 0)
        output = next(p for p in snapshot.neurons if p.layer == 1)
        caption = f"2.1 b {fixed(output.bias, 2, signed=True)}"
        view = app.query_one(NeuronView)
        await wait_until(pilot, lambda: "output" in widget_text(view))
        assert caption in widget_text(view), widget_text(view)
        with case("choosing the output scrolls the pane to it"):
            await pilot.press("right")
            pane = app.query_one("#neurons")
            await wait_until(pilot, lambda: pane.scroll_y > 0)


async def test_every_probe_value_stands_on_a_named_row_and_pgdn_reaches_the_backward_pass() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("p")
        await wait_for(pilot, lambda s: s.probe is not None and s.probe.backward is not None)
        probe = app.query_one(ProbePanel)
        await wait_until(pilot, lambda: "d_z" in widget_text(probe))
        for line in widget_text(probe).splitlines():
            assert not re.match(r"[+-]?\d", line), f"a value on a line with no name: {line!r}"
        with case("PgDn scrolls the probe, whose arrows move the probe"):
            pane = app.query_one("#probe")
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: pane.scroll_y > 0)
