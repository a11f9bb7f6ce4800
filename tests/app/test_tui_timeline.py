"""The speed keys and the timeline's keys, driven through Pilot, checked against the screen.

One paused run at step 200 is walked through them all, each case leaving it at its present (but
the last two: going on from the past forks the run, and the speed changes it): the cases share
one app, and every message says which case failed. The run's speed is 1 step a second, so that
a replay lasts minutes and is seen replaying however busy the machine is.
"""

from collections.abc import Callable

from textual.pilot import Pilot

from harness.pilot import status_line, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.snapshot import Snapshot

SIZE = (120, 24)  # wide enough for the timeline bar and the status line; 3/5 of 120x40's cells
NOW = 200  # the step the run is paused at


def looking_at(step: int) -> Callable[[Snapshot], bool]:
    return lambda s: s.step == step and s.timeline is not None and s.timeline.shown == step


def at_present(s: Snapshot) -> bool:
    return s.step == NOW and s.timeline is not None and s.timeline.shown is None


async def shows(pilot: Pilot[None], case: str, check: Callable[[Snapshot], bool]) -> Snapshot:
    """`harness.pilot.wait_for`, with the case in the message when it times out."""
    try:
        return await wait_for(pilot, check)
    except AssertionError as error:
        raise AssertionError(f"{case}: {error}") from None


async def test_the_timeline_and_speed_keys_move_through_the_run_and_show_it() -> None:
    app = ScratchnetApp(RunConfig(speed=1), paused=True, skip_to=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await shows(pilot, "start", lambda s: s.step == NOW)

        case = "the timeline bar shows the run and its keys"
        await pilot.pause()
        bar = widget_text(app.query_one("#timeline")).strip()
        assert bar.startswith("0 ━") and f" {NOW} " in bar, f"{case}: {bar}"
        assert bar.endswith("R replay  < > speed"), f"{case}: {bar}"
        await pilot.press("home")
        await shows(pilot, case, looking_at(0))
        await pilot.pause()
        bar = widget_text(app.query_one("#timeline")).strip()
        assert bar.startswith("0 ●─"), f"{case}, at the start: {bar}"
        await pilot.press("end")
        await shows(pilot, case, at_present)

        case = "j and k step back and forward one checkpoint"
        await pilot.press("j", "j")
        await shows(pilot, case, looking_at(NOW - 2))
        status = status_line(app)
        assert f"step {NOW - 2}" in status, f"{case}: {status}"
        assert f"looking back from step {NOW}" in status, f"{case}: {status}"
        assert "go on from here" in widget_text(app.query_one("#timeline")), case
        await pilot.press("k")
        await shows(pilot, case, looking_at(NOW - 1))
        await pilot.press("k")
        await shows(pilot, case, at_present)
        assert "looking back" not in status_line(app), f"{case}: {status_line(app)}"
        assert app.session.steps == NOW, case

        case = "shift j and k move a tenth, home and end go to either end"
        await pilot.press("J", "J")
        await shows(pilot, case, looking_at(160))
        await pilot.press("K")
        await shows(pilot, case, looking_at(180))
        await pilot.press("home")
        await shows(pilot, case, looking_at(0))
        assert "step 0" in status_line(app), f"{case}: {status_line(app)}"
        await pilot.press("end")
        await shows(pilot, case, at_present)

        case = "shift r replays the run, and space stops it there"
        await pilot.press("R")
        replaying = await shows(pilot, case, lambda s: s.state == "replaying")
        assert replaying.step < NOW, f"{case}: {replaying.step}"
        assert "replaying" in status_line(app), f"{case}: {status_line(app)}"
        await pilot.press("space")
        stopped = await shows(pilot, case, lambda s: s.state == "paused")
        assert stopped.step < NOW and stopped.timeline is not None, case
        assert stopped.timeline.shown == stopped.step, f"{case}: looking at the step it reached"
        await pilot.press("end")
        await shows(pilot, case, at_present)
        assert app.session.steps == NOW, case

        case = "space while looking back goes on from there and keeps the old future"
        await pilot.press("J")
        await shows(pilot, case, looking_at(180))
        await pilot.press("space")
        await shows(pilot, case, lambda s: s.state == "running")
        await pilot.press("space")
        paused = await shows(pilot, case, lambda s: s.state == "paused")
        assert paused.ghost is not None, case
        assert paused.ghost[0] == "before fork at step 180", f"{case}: {paused.ghost[0]}"
        await shows(pilot, case, lambda s: s.ghost is not None)
        await wait_until(
            pilot, lambda: "before fork at step 180" in widget_text(app.query_one("#loss"))
        )

        case = "less and greater than climb the speed shown in the status line"
        assert "speed 1 " in status_line(app), f"{case}: {status_line(app)}"
        await pilot.press("greater_than_sign")
        await shows(pilot, case, lambda s: s.config.speed == 2)  # type: ignore[union-attr]
        assert "speed 2 " in status_line(app), f"{case}: {status_line(app)}"
        await pilot.press(*["greater_than_sign"] * 6, "less_than_sign")
        await shows(pilot, case, lambda s: s.config.speed == 100)  # type: ignore[union-attr]
        assert "speed 100" in status_line(app), f"{case}: {status_line(app)}"
        await pilot.press(*["greater_than_sign"] * 4)
        await shows(pilot, case, lambda s: s.config.speed == float("inf"))  # type: ignore[union-attr]
        assert "speed max" in status_line(app), f"{case}: {status_line(app)}"
