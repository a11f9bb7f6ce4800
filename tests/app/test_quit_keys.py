"""Quitting from the keyboard: without an error on the way out, whatever is under way."""

from harness.pilot import keys_together, wait_for, wait_until
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp


async def test_c_then_q_in_one_burst_quits_without_an_error() -> None:
    """The settings form is still mounting when q arrives (the two keys came together, as over
    SSH); ending the app then failed inside Textual's Select, whose errors were printed after
    the app had gone."""
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda s: s.state == "paused")
        keys_together(pilot, "cq")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert app.session.finished.wait(10), "the training thread ended too"
