"""Quitting from the keyboard: without an error on the way out, whatever is under way."""

from harness.pilot import PATIENCE, keys_together, wait_for, wait_until
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.messages import SnapshotReady

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40


async def test_c_then_q_in_one_burst_quits_without_an_error() -> None:
    """The settings form is still mounting when q arrives (the two keys came together, as over
    SSH); ending the app then failed inside Textual's Select, whose errors were printed after
    the app had gone."""
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.state == "paused")
        keys_together(pilot, "cq")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert app.session.finished.wait(PATIENCE), "the training thread ended too"


async def test_a_frame_that_arrives_as_the_app_closes_is_no_error() -> None:
    """The worker sends frames until it is told to stop, and the last ones may come while the
    app takes its widgets down: with the diagram open, drawing one raised NoMatches."""
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("v")
        last = await wait_for(pilot, lambda s: s.diagram is not None)
        await pilot.press("q")
    assert app.return_code == 0
    app.on_snapshot_ready(SnapshotReady(last))  # late: the app has closed


async def test_once_quitting_nothing_is_restyled_on_the_way_out() -> None:
    """After ctrl+c the terminal is about to be given back: the settings form closing, and the
    focus it moved from field to field, restyled every widget of it for a screen nobody sees
    again, which behind a burst of keys was a fifth more CPU before the terminal came back
    (seconds, to a process given a tenth of a core on a busy machine)."""
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.state == "paused")
        await pilot.press("c")  # the settings form, a field of it focused
        await wait_until(pilot, lambda: app.focused is not None)
        restyled: list[object] = []
        restyle = app.stylesheet.update_nodes
        app.stylesheet.update_nodes = lambda nodes, animate=False: (  # type: ignore[method-assign]
            restyled.append(nodes),
            restyle(nodes, animate),
        )
        keys_together(pilot, ["ctrl+c"])
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert restyled == []
