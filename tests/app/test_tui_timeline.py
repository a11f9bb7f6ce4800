"""The speed keys and the timeline's keys, driven through Pilot, checked against the screen."""

from collections.abc import Callable

from harness.pilot import status_line, wait_for, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.snapshot import Snapshot

SIZE = (120, 40)


def app_at(step: int, **settings: object) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(**settings), paused=True, skip_to=step)  # type: ignore[arg-type]


def looking_at(step: int) -> Callable[[Snapshot], bool]:
    return lambda s: s.step == step and s.timeline is not None and s.timeline.shown == step


async def test_less_and_greater_than_climb_the_speed_shown_in_the_status_line() -> None:
    app = app_at(0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        assert "speed 200" in status_line(app)
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda s: s.config.speed == 500)  # type: ignore[union-attr]
        assert "speed 500" in status_line(app)
        await pilot.press("less_than_sign", "less_than_sign")
        await wait_for(pilot, lambda s: s.config.speed == 100)  # type: ignore[union-attr]
        assert "speed 100" in status_line(app)
        await pilot.press(*["greater_than_sign"] * 4)
        await wait_for(pilot, lambda s: s.config.speed == float("inf"))  # type: ignore[union-attr]
        assert "speed max" in status_line(app)


async def test_j_and_k_step_back_and_forward_one_checkpoint() -> None:
    app = app_at(30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 30)
        await pilot.press("j", "j")
        await wait_for(pilot, looking_at(28))
        status = status_line(app)
        assert "step 28" in status and "looking back from step 30" in status
        assert "go on from here" in widget_text(app.query_one("#timeline"))
        await pilot.press("k")
        await wait_for(pilot, looking_at(29))
        await pilot.press("k")
        await wait_for(pilot, lambda s: s.step == 30 and s.timeline.shown is None)  # type: ignore[union-attr]
        assert "looking back" not in status_line(app)
        assert app.session.steps == 30


async def test_shift_j_and_k_move_a_tenth_home_and_end_go_to_either_end() -> None:
    app = app_at(200)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 200)
        await pilot.press("J", "J")
        await wait_for(pilot, looking_at(160))
        await pilot.press("K")
        await wait_for(pilot, looking_at(180))
        await pilot.press("home")
        await wait_for(pilot, looking_at(0))
        assert "step 0" in status_line(app)
        await pilot.press("end")
        await wait_for(pilot, lambda s: s.step == 200 and s.timeline.shown is None)  # type: ignore[union-attr]


async def test_space_while_looking_back_goes_on_from_there_and_keeps_the_old_future() -> None:
    app = app_at(200)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 200)
        await pilot.press("J")
        await wait_for(pilot, looking_at(180))
        await pilot.press("space")
        await wait_for(pilot, lambda s: s.state == "running")
        await pilot.press("space")
        paused = await wait_for(pilot, lambda s: s.state == "paused")
        assert paused.ghost is not None and paused.ghost[0] == "before fork at step 180"
        await wait_for(pilot, lambda s: s.ghost is not None)
        assert "before fork at step 180" in widget_text(app.query_one("#loss"))


async def test_shift_r_replays_the_run_and_comes_back_to_now() -> None:
    app = app_at(60, speed=20)  # a replay of 3 s: frames of it show even on a busy machine
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 60)
        await pilot.press("R")
        replaying = await wait_for(pilot, lambda s: s.state == "replaying")
        assert replaying.step < 60 and "replaying" in status_line(app)
        await wait_for(pilot, lambda s: s.state == "paused" and s.step == 60)
        assert app.session.steps == 60


async def test_the_timeline_bar_shows_the_run_and_its_keys() -> None:
    app = app_at(50)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 50)
        await pilot.pause()
        bar = widget_text(app.query_one("#timeline")).strip()
        assert bar.startswith("0 ━") and " 50 " in bar and bar.endswith("R replay  < > speed")
        await pilot.press("home")
        await wait_for(pilot, looking_at(0))
        await pilot.pause()
        assert widget_text(app.query_one("#timeline")).strip().startswith("0 ●─")
