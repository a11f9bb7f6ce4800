"""The looks inside (neurons, probe, health, diagram) are made the first time they open, so that
the first frame lays out and paints only what it shows. Each must then work the moment it first
opens, in both modes: its title and keys on its border, its numbers, its keys, also a key typed
in the same burst as the one that opens it; and opening it again shows the same view.
"""

from harness.pilot import case, keys_together, screen_lines, wait_for, wait_until, widget_text
from tests.app.conftest import Mode
from tui.app import ScratchnetApp
from tui.drawing.diagram_cursor import Node
from tui.screens.kept_text import KeptText
from tui.widgets.health_view import HealthView
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.neuron_view import NeuronView
from tui.widgets.probe_panel import ProbePanel

SIZE = (120, 24)  # room on each view's border for its title and keys; 3/5 of 120x40's cells
SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame


def on_screen(app: ScratchnetApp) -> str:
    return "\n".join(screen_lines(app))


async def test_each_view_works_the_first_time_it_opens(mode: Mode) -> None:
    app = mode.app(2)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 2)

        with case("the app starts with the loss plot alone on the right"):
            assert [pane.id for pane in app.query_one("#side").children] == ["loss"]

        with case("i: the neurons, and the arrows choose among them"):
            await pilot.press("i")
            await wait_until(pilot, lambda: bool(app.query(NeuronView)))
            view = app.query_one(NeuronView)
            await wait_until(pilot, lambda: "layer 1" in widget_text(view))
            assert "↑↓←→ choose · ⏎ draw it · esc back" in on_screen(app)
            await pilot.press("down")
            assert view.selected == (0, 1)

        with case("p: the probe, its numbers at once"):
            await pilot.press("p")
            await wait_until(pilot, lambda: bool(app.query(ProbePanel)))
            probe = app.query_one(ProbePanel)
            await wait_until(pilot, lambda: "f(x, y) =" in widget_text(probe))
            assert "↑↓←→ move · PgDn · esc" in on_screen(app)

        with case("h: the health figures"):
            await pilot.press("h")
            await wait_until(pilot, lambda: bool(app.query(HealthView)))
            health = app.query_one(HealthView)
            await wait_until(pilot, lambda: "every " in widget_text(health))  # how often measured
            assert "esc or h close" in on_screen(app)

        with case("v then down in one burst: the diagram opens, its cursor one neuron down"):
            keys_together(pilot, ["v", "down"])
            await wait_until(pilot, lambda: any(d.frame for d in app.query(NetworkDiagram)))
            diagram = app.query_one(NetworkDiagram)
            await wait_until(pilot, lambda: diagram.cursor == Node(1, 1))
            await wait_until(pilot, lambda: "network (v closes)" in on_screen(app))

        with case("opened again, each is the same view, once"):
            for key in "ipvh":
                await pilot.press(key)
            await wait_until(pilot, lambda: app.side == "health")
            assert app.query_one(NeuronView) is view and app.query_one(ProbePanel) is probe
            assert app.query_one(HealthView) is health
            assert app.query_one(NetworkDiagram) is diagram
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.side == "loss")
            assert "loss (log scale)" in on_screen(app)


async def test_a_view_first_opened_from_a_kept_text_or_the_palette(mode: Mode) -> None:
    app = mode.app(2)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 2)
        assert [pane.id for pane in app.query_one("#side").children] == ["loss"], "none made yet"

        with case("i typed while a text is kept on screen: the neurons open behind it"):
            app.keep_text("a path to read")
            await wait_until(pilot, lambda: isinstance(app.screen, KeptText))
            await pilot.press("i")
            await wait_until(pilot, lambda: app.side == "neurons" and bool(app.query(NeuronView)))
            view = app.query_one(NeuronView)
            await wait_until(pilot, lambda: "layer 1" in widget_text(view))
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, KeptText))

        with case("the palette's health entry: the health figures open"):
            await pilot.press("ctrl+p")
            keys_together(pilot, "each layer's health")  # in one burst: no search settled per key
            await wait_until(pilot, lambda: "Health: show or hide" in on_screen(app))
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.side == "health" and bool(app.query(HealthView)))
            health = app.query_one(HealthView)
            await wait_until(pilot, lambda: "every " in widget_text(health))
