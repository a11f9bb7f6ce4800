"""The team's harness for driving the app: Pilot helpers (tests and scripts/screenshots.py)."""

import asyncio
import contextlib
import gc
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat

from textual import events
from textual._queue import Queue
from textual.app import App
from textual.geometry import Region
from textual.keys import _character_to_key, key_to_character
from textual.message import Message
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widget import Widget

from harness import PATIENCE
from tui.app import ScratchnetApp
from tui.screens.kept_text import KeptText
from tui.snapshot import Snapshot

__all__ = ["PATIENCE"]  # tests take the ceiling from here too


@contextlib.contextmanager
def case(name: str) -> Iterator[None]:
    """Name the case in whatever fails inside (an assertion, or a wait that timed out), for a
    test that walks one app through several cases."""
    try:
        yield
    except AssertionError as error:
        error.add_note(f"in the case: {name}")
        raise


async def settled(app: App[object], timeout: float = PATIENCE) -> None:
    """Wait until the app has handled every message sent so far, and the messages those sent on.

    Textual's Pilot instead waits, after each key, until the process looks idle: under 1 ms of
    CPU in 20 ms. On a busy machine that is a guess, wrong both ways: a process that gets no
    CPU looks idle while the key is still on its way from widget to widget, and one sharing
    its CPU with a training worker never does. Here the app and every widget of its screen
    are asked, in turn, to handle what is queued for them (`handled`), until twice running
    every queue is found empty: the key has gone all the way, and what it set off (a screen
    pushed, a widget mounted) has been done. The worker's frames arrive on their own time:
    tests wait for those with `wait_for`.
    """
    pilot: Pilot[object] = Pilot(app)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while quiet < 2 and app.is_running and loop.time() < deadline:
        if not await handled(pilot, timeout=max(0.0, deadline - loop.time())):
            return  # the app raised, or is closing: nothing more will be handled
        try:
            pumps = [app, *app.screen.walk_children(with_self=True)]
        except Exception:  # no screen: the app is ending
            return
        quiet = quiet + 1 if all(pump._message_queue.empty() for pump in pumps) else 0


async def handled(pilot: Pilot[object], timeout: float = PATIENCE) -> bool:
    """Wait until the app and each widget of its screen have handled what was queued for them;
    False if the app raised meanwhile.

    Textual's `Pilot._wait_for_screen` (tests/conftest.py puts this in its place), which asks
    every one of them to call back once it has, but here only the ones that have something
    to do: a call back through Textual's messages costs some 40 µs a widget, a screen has
    about fifty, and after a key nearly all of them are `waiting`; the call backs were over a
    quarter of the CPU of tests/app. One busy handling a message is asked, as before: it
    calls back once that is done.
    """
    app = pilot.app
    try:
        pumps = [app, *app.screen.walk_children(with_self=True)]
    except Exception:  # no screen: the app is ending
        return False
    left = 0
    all_called_back = asyncio.Event()

    def called_back() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            all_called_back.set()

    for pump in pumps:
        if not waiting(pump) and pump.call_later(called_back):
            left += 1
    if left == 0:
        await asyncio.sleep(0)  # a turn of the loop, as a call back would take
        return True
    waits = [
        asyncio.create_task(all_called_back.wait()),
        asyncio.create_task(app._exception_event.wait()),
    ]
    done, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if not done:
        raise AssertionError(f"timed out: {left} widgets still handling their messages")
    return left == 0


def waiting(pump: MessagePump) -> bool:
    """Whether the app or a widget waits with nothing to do: its queue is empty and its loop is
    waiting for the next message (one busy handling a message has an empty queue too)."""
    queue: Queue[Message | None] = pump._message_queue
    return queue.empty() and pump._pending_message is None and bool(queue.ready_event._waiters)


async def wait_for(
    pilot: Pilot[None], check: Callable[[Snapshot], bool], timeout: float = PATIENCE
) -> Snapshot:
    """Wait until the app shows a snapshot for which `check` is true, and return it.

    Only a whole frame counts: after a key, the worker sends the status line ahead (`pending`)
    and the picture, curves and panels that go with it just after; a test that checked the
    first would see the old picture beside the new numbers."""
    app = pilot.app
    assert isinstance(app, ScratchnetApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        snapshot = app.snapshot
        if snapshot is not None and not snapshot.pending and check(snapshot):
            await pilot.pause()
            return snapshot
        if loop.time() > deadline:
            raise AssertionError(f"timed out; last snapshot: {snapshot}")
        await pilot.pause(0.01)


async def wait_until(
    pilot: Pilot[None], check: Callable[[], bool], timeout: float = PATIENCE
) -> None:
    """Wait until `check()` is true (the app's state, not a frame's)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await pilot.pause(0.01)
    await pilot.pause()


def notices_shown(app: App[None]) -> str:
    """The text of every notification on screen now, as a person reads them (one line each).

    Toasts are on screen only in apps run with `run_test(notifications=True)`: those of the
    screen on top, and of the screens that show through it (a dialog, a box kept on screen),
    as Textual's compositor draws them. A text kept until dismissed (tui/screens/kept_text.py)
    is on screen in any app.
    """
    shown = []
    for screen in app.screen_stack:
        if isinstance(screen, KeptText):
            shown.append(" ".join(f"{screen.title_text} {screen.text}".split()))
    seen = [app.screen, *app._background_screens]
    for toast in (toast for screen in seen for toast in screen.query("Toast")):
        width, height = toast.outer_size  # its padding too: render_lines draws the whole box
        lines = toast.render_lines(Region(0, 0, width, height))
        text = " ".join(line.text.strip(" ▌") for line in lines)  # ▌: the toast's edge
        shown.append(" ".join(text.split()))
    return " | ".join(shown)


async def wait_for_notice(pilot: Pilot[None], text: str, timeout: float = PATIENCE) -> str:
    """Wait until a notification on screen says `text`; all the notifications' text."""
    await wait_until(pilot, lambda: text in notices_shown(pilot.app), timeout)
    return notices_shown(pilot.app)


def keys_together(pilot: Pilot[None], keys: Iterable[str]) -> None:
    """The keys as they come in one burst (over SSH, or a held-down key, or typed quickly): all
    posted at once, whereas `Pilot.press` lets the app settle after each. Each carries the
    character a terminal would give it (none for Enter or ctrl+p), so that a text field types
    only what it should; a character other than a letter or digit goes by its key's name, as
    `Pilot.press` names it (" " is space, ":" colon), so that text is typed as Pilot types it."""
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            pilot.app.post_message(events.Key(_character_to_key(key), key))
        else:
            pilot.app.post_message(events.Key(key, key_to_character(key)))


def widget_text(widget: Widget) -> str:
    """The characters a widget shows on screen now, line by line."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def colours_shown(widget: Widget) -> set[str]:
    """Every colour a widget paints now (fore- and background), as a person sees them."""
    width, height = widget.size
    colours = set()
    for strip in widget.render_lines(Region(0, 0, width, height)):
        for segment in strip:
            style = segment.style
            if style is not None:
                colours |= {str(c) for c in (style.color, style.bgcolor) if c is not None}
    return colours


def objects_alive(kind: type[object], subclasses: bool = True) -> int:
    """How many objects of `kind` (or of its subclasses too) are alive now, once the garbage is
    collected: for the tests that count what a leak would keep.

    No other thread runs while the list of every object is held: the app's worker, switched
    out in the middle of making a tuple, found that tuple held by the list too, and Python
    resizes only a tuple no one else holds (`SystemError: bad argument to internal function`,
    and the test failed). So the count is made in C, and meanwhile the switch interval is a
    second, not 5 ms: a thread that waits for the GIL asks for it only after a second, and one
    that waited already takes it before the count begins (`time.sleep(0)`).
    """
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        gc.collect()
        time.sleep(0)
        if subclasses:
            return sum(map(isinstance, gc.get_objects(), repeat(kind)))
        return list(map(type, gc.get_objects())).count(kind)
    finally:
        sys.setswitchinterval(switch)


def screen_lines(app: App[object]) -> list[str]:
    """The characters of the whole screen as a person sees it now, line by line: every widget,
    its borders and what is drawn over it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def status_line(app: ScratchnetApp) -> str:
    return widget_text(app.query_one("#status"))


async def wait_for_settled_frame(pilot: Pilot[None], step: int) -> Snapshot:
    """Wait for a frame at `step` drawn at the panes' current sizes (after a resize round trip)."""
    from tui.session.frames import downsample
    from tui.widgets.loss_plot import LossPlot
    from tui.widgets.prediction_grid import PredictionGrid

    app = pilot.app
    grid = app.query_one(PredictionGrid)
    plot = app.query_one(LossPlot)

    def at_panes_size(snapshot: Snapshot) -> bool:
        assert isinstance(app, ScratchnetApp)
        losses = app.session.run.losses()
        curve = downsample(losses.train, max(2, 2 * plot.size.width), losses.at)
        return (
            snapshot.step == step
            and len(snapshot.grid) == 2 * grid.layout_.rows
            and snapshot.losses == curve
        )

    snapshot = await wait_for(pilot, at_panes_size)
    await pilot.pause()
    return snapshot
