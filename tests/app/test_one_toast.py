"""A key refused many times in a burst says so once: identical notices make one toast, not a
stack of them over the picture."""

from harness.pilot import case, keys_together, notices_shown, wait_for, wait_until
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.keys.diagram_keys import ON_INPUTS
from tui.widgets.network_diagram import NetworkDiagram

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40


def toasts(app: ScratchnetApp) -> int:
    return len(app.screen.query("Toast"))


async def test_nine_refusals_make_one_toast() -> None:
    app = ScratchnetApp(RunConfig(learning_rate=100), paused=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)

        with case("+ at the top of the ladder, nine times (the worker's notice)"):
            keys_together(pilot, ["plus"] * 9 + ["n"])  # n: handled once the nine are
            await wait_for(pilot, lambda s: s.step == 1)
            assert "top of the ladder" in notices_shown(app)
            assert toasts(app) == 1, notices_shown(app)

        with case(", on the diagram's inputs, nine times (the app's own notice)"):
            app.clear_notifications()
            # in one burst, as over SSH: the move waits for the diagram's first frame
            keys_together(pilot, ["v", "shift+tab"])  # from the first neuron to the first input
            await wait_until(pilot, lambda: any(d.frame for d in app.query(NetworkDiagram)))
            diagram = app.query_one(NetworkDiagram)  # made when it first opened
            assert (diagram.chosen().layer, diagram.chosen().index) == (0, 0)
            keys_together(pilot, ["comma"] * 9 + ["down"])  # down: handled once the nine are
            await wait_until(pilot, lambda: diagram.chosen().index == 1)
            assert ON_INPUTS in notices_shown(app)
            assert toasts(app) == 1, notices_shown(app)
