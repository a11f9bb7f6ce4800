"""A gradient check of a big network runs beside the keys (issue 19, item 6): while it runs,
space, j and the rest act, the status line moves and says how far the check has got, and g or
Esc stops it (Esc closes a dialog first).

The check here may measure a parameter only when the test lets it (`Gate`): so the test counts
how much of the check a key waits for, whatever the machine's speed, and the check never ends
by itself before the test has stopped it. The old check did every parameter before the next
key: with the gate closed, nothing moved at all.

A turn of the worker is half the app's here (6 parameters, not 13): what a key must wait for
is the turn under way, whatever its size, and the test counts it in parameters. Each parameter
costs two passes over the data, and the test measures half as many (about 40, not 80): half a
second of CPU less. Not smaller: two turns must still take longer than the 1/8 s between two
frames (twice as long, here), for the progress a frame shows when due, not after a key.
"""

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable

import pytest
from textual.pilot import Pilot

import scratchnet.gradcheck
import tui.session.gradient_check
from harness import PATIENCE
from harness.pilot import status_line, wait_for, wait_for_notice, wait_until
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.screens.input_dialog import InputDialog
from tui.session import TrainingSession
from tui.snapshot import Event, Snapshot

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40
HIDDEN = (16, 16, 16)  # 609 parameters: a sample of 200 is checked, 13 a turn of the app's worker


class Gate:
    """The check's passes over the data wait here until the test allows them, two for each
    parameter. It notes the frames the worker publishes, each with how many parameters had
    been measured when it was made."""

    def __init__(self) -> None:
        self.permits = threading.Semaphore(0)
        self.allowed = self.asked = self.passes = 0
        self.open = False
        self.frames: list[tuple[int, Snapshot]] = []
        # Set from the worker each time it asks for a pass or publishes a frame: the test
        # waits for that, not for a tick of its own (one parameter a tick was most of its time).
        self.changed = asyncio.Event()
        self.loop = asyncio.get_running_loop()

    def _changed(self) -> None:
        """Called in the worker: wake the test, which waits in the app's loop."""
        self.loop.call_soon_threadsafe(self.changed.set)

    def note(self, frame: Snapshot) -> None:
        """Called in the worker, for each frame it publishes."""
        self.frames.append((self.measured, frame))
        self._changed()

    async def next_change(self, timeout: float) -> None:
        """Wait until the worker asks for a pass or publishes a frame (it may have already:
        `changed` is cleared only here, before the test looks again)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), max(0.0, timeout))
        self.changed.clear()

    def allow(self, parameters: int) -> None:
        self.allowed += parameters
        for _ in range(2 * parameters):
            self.permits.release()

    def wait(self) -> None:
        """Called in the worker, before each pass."""
        self.asked += 1
        if not self.open:
            self._changed()
            self.permits.acquire()
        self.passes += 1

    @property
    def measured(self) -> int:
        return self.passes // 2

    @property
    def waiting(self) -> bool:
        """The worker waits for a parameter the test has not allowed yet."""
        return self.asked > 2 * self.allowed

    def let_go(self) -> None:
        """The test is over: the check (if any) may go on freely."""
        self.open = True
        self.permits.release(100_000)


@pytest.fixture
async def gate(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Gate]:
    """A gate in the test's own loop (the app's), which the worker wakes."""
    gate = Gate()
    measure = scratchnet.gradcheck.sample_losses

    def gated(*args: object) -> list[float]:
        gate.wait()
        return measure(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scratchnet.gradcheck, "sample_losses", gated)
    yield gate
    gate.let_go()


def gated_app(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> ScratchnetApp:
    """A paused app of a big network whose frames the gate notes, its worker's turns half the
    app's (see the module's docstring)."""
    turn = tui.session.gradient_check.CHECK_TURN // 2
    monkeypatch.setattr(tui.session.gradient_check, "CHECK_TURN", turn)
    app = ScratchnetApp(RunConfig(hidden=HIDDEN), paused=True)
    publish = app.publish

    def publish_and_note(event: Event) -> None:
        if isinstance(event, Snapshot):
            gate.note(event)
        publish(event)

    monkeypatch.setattr(app, "publish", publish_and_note)
    return app


def per_turn(app: ScratchnetApp) -> int:
    """How many parameters of the check one turn of the worker measures."""
    assert isinstance(app.session, TrainingSession) and app.session.check is not None
    return app.session.check.per_turn


async def measured_until(
    pilot: Pilot[None],
    gate: Gate,
    shows: Callable[[Snapshot], bool],
    most: int,
    press: str | None = None,
) -> Snapshot:
    """Press the key `press` if any, then let the check measure one parameter at a time, as
    the worker asks for them, until the worker publishes a whole frame (not one `pending`) that
    `shows` looks for; fail if it measured more than `most` parameters before. Returns the
    frame the app shows then."""
    start, seen = gate.measured, len(gate.frames)

    def whole(frame: Snapshot) -> bool:  # not the status line sent ahead of its picture
        return not frame.pending and shows(frame)

    if press is not None:
        await pilot.press(press)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE  # a guard against a hang, not a timing goal
    while not any(whole(frame) for _, frame in gate.frames[seen:]):
        assert loop.time() < deadline, f"timed out after {gate.measured - start} parameters"
        if gate.waiting:
            assert gate.measured - start < most, f"not shown within {most} parameters"
            gate.allow(1)
        await gate.next_change(deadline - loop.time())
    measured = next(count for count, frame in gate.frames[seen:] if whole(frame))
    assert measured - start <= most
    return await wait_for(pilot, shows)


async def test_keys_act_while_a_big_network_is_checked_and_g_or_esc_stop_it(
    gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = gated_app(gate, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("g")
        await wait_until(pilot, lambda: "checking gradients 0/200, layer 1/4" in status_line(app))
        assert "200 of 609 parameters, a random sample per layer" in await wait_for_notice(
            pilot, "Checking backprop"
        )
        turn = per_turn(app)
        assert turn > 1, "a turn of several parameters: a key waits for all of them, no more"

        # space acts once the turn under way is over; training goes on beside the check.
        await measured_until(pilot, gate, lambda s: s.state == "running", turn, press="space")
        first = await measured_until(pilot, gate, lambda s: s.step > 0, 2 * turn)
        later = await measured_until(
            pilot,
            gate,
            lambda s: s.step > first.step and s.gradient_check != first.gradient_check,
            2 * turn,
        )
        line = status_line(app)
        assert "running" in line and f"step {later.step}" in line
        assert later.gradient_check is not None
        assert f"checking gradients {later.gradient_check.done}/200" in line

        # j looks back at once too, the check still going.
        await measured_until(
            pilot,
            gate,
            lambda s: s.timeline is not None and s.timeline.shown is not None,
            turn,
            press="j",
        )
        line = status_line(app)
        assert "paused" in line and "checking gradients" in line

        # g again stops it, with one line saying how far it got.
        await measured_until(pilot, gate, lambda s: s.gradient_check is None, turn, press="g")
        assert "Gradient check stopped at layer" in await wait_for_notice(pilot, "stopped at")
        assert "checking gradients" not in status_line(app)
        assert app.gradient_report is None

        # Esc closes a dialog and leaves the check be; with no dialog, it stops the check.
        await pilot.press("g")
        begun = await wait_for(pilot, lambda s: s.gradient_check is not None)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, InputDialog))
        on = await measured_until(
            pilot, gate, lambda s: s.gradient_check != begun.gradient_check, 2 * turn
        )
        assert on.gradient_check is not None, "the Esc that closed the dialog left the check be"
        await measured_until(pilot, gate, lambda s: s.gradient_check is None, turn, press="escape")
        assert "checking gradients" not in status_line(app)
        assert app.gradient_report is None
