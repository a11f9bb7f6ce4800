"""Quitting: q, ctrl+c, a hang-up or a signal end the app at once, and the run is saved if asked.

The worker may be in a long step, picture or check of a big network: quitting does not wait for
that alone. The terminal is given back first; then `stop_and_autosave` waits for the worker to
apply the commands sent before quitting (the keys typed in the same burst as `q` count), saves
the run, and `main` leaves. A worker stuck for good (STUCK_AFTER) is not waited for: the run is
saved as it stood after its last finished step (`Run.copy`, safe while a step is under way),
and the user is told how many changes it lacks.
"""

import asyncio
import contextlib
import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable

from textual import events
from textual.app import SystemCommand
from textual.dom import DOMNode
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.screen import Screen

from tui.app_state import AppState
from tui.lifecycle.key_thread import PromptLinuxDriver
from tui.lifecycle.wake_on_signal import wake_on_signals
from tui.session import commands
from tui.widgets.controls import ControlsPanel

# How long quitting waits for the worker to end its work in progress (a step, a picture) when no
# command waits behind it, before saving a copy of the run as it stood after its last step.
WORKER_GRACE = 0.15
# How long quitting waits for a worker that applies none of the commands sent before `q` (busy
# with a step or a picture begun before them, or with one costly command): longer than a picture
# of a small network in a big terminal on a busy machine (1.5 s for 8,8,8 at 240x70, beside two
# processes that use a whole core each), far shorter than a step of a huge network (minutes).
STUCK_AFTER = 5.0
# How long quitting may wait for the settings form to finish mounting (see ControlsPanel.settled).
QUIT_WAIT = 1.0


class Quitting(AppState):
    """Quitting, signals and the autosave (a part of `ScratchnetApp`)."""

    saved_on_exit: str | None = None  # the file the run was saved to as the app ended
    left_out = 0  # the commands sent before quitting that the saved run lacks (see STUCK_AFTER)
    hung_up = False  # the terminal went away (SIGHUP)
    quitting = False  # see `quit_now`

    def ready_to_quit(self) -> None:
        """Called as the app is made: the answer of `stop_and_autosave` is kept here."""
        self._ending = threading.Lock()  # `stop_and_autosave` runs once, its answer kept
        self._ended = False
        self._problem: str | None = None
        self._signal_handlers: dict[int, signal.Handlers | Callable[..., object] | int | None] = {}
        self._leaving = False  # `quit_now` has run: the app is on its way out
        self._stop_waking: Callable[[], None] = lambda: None  # see `_catch_signals`

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but in a terminal the one whose key thread stops at once when the
        app quits (tui/lifecycle/key_thread.py): the terminal is given back 0.2 s sooner."""
        driver = super().get_driver_class()
        return PromptLinuxDriver if driver is LinuxDriver else driver

    def on_unmount(self) -> None:
        self.session.send(commands.Stop())
        for number, handler in self._signal_handlers.items():
            signal.signal(number, handler)
        self._stop_waking()

    def _catch_signals(self) -> None:
        """SIGHUP (the SSH connection dropped, the terminal closed), SIGTERM (`timeout`, a
        process manager) and SIGINT from outside end the app at once, as q does: the terminal
        is given back, `main` then autosaves and the process exits with status 0.

        Python's own signal handlers, not asyncio's `add_signal_handler`: asyncio hears of a
        signal through a byte on its wake-up socket, which a burst of keys can fill (each key
        wakes the loop with a byte of its own), and a signal that finds it full is lost. The
        loop is woken by a socket of the app's own (wake_on_signal.py), so that a signal handed
        to another thread than the main one (SIGCONT, `fg` after ctrl+z) is handled at once.
        The handlers before these, and the wake-up socket before, are put back when it ends.
        Once back from ctrl+z, the whole screen is drawn again (`_draw_again_after_suspend`).
        """
        loop = asyncio.get_running_loop()
        self._stop_waking = wake_on_signals(loop)
        self.app_resume_signal.subscribe(self, self._draw_again_after_suspend)
        for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError):  # not in the main thread: leave them be
                previous = signal.signal(number, functools.partial(self._on_signal, loop))
                self._signal_handlers[number] = previous

    def _draw_again_after_suspend(self, _app: object) -> None:
        """After ctrl+z then `fg`: the terminal shows a blank screen of its own (the shell's
        was left for it), and Textual, whose last frame is unchanged, drew only what changed
        next. So the whole screen is drawn again, as Textual's own `App.suspend` does."""
        self.refresh(layout=True)

    def _on_signal(self, loop: asyncio.AbstractEventLoop, number: int, _frame: object) -> None:
        """Runs in the main thread between two instructions of whatever it was doing: so it
        only notes the signal, and leaves quitting to the event loop's next turn."""
        if number == signal.SIGHUP and not self.hung_up:
            # The terminal is gone: there is nothing to give back, and Textual's shutdown can
            # wait forever for its writer thread, which died writing to the closed terminal.
            # So even an app already quitting (q, then the SSH link drops) saves and ends here.
            self.hung_up = True
            threading.Thread(target=self._save_and_end, name="hang-up", daemon=True).start()
        if self.quitting:
            return
        self.quitting = True  # the keys still waiting are dropped from now on
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is ending anyway
            loop.call_soon_threadsafe(self.quit_now)

    def _save_and_end(self) -> None:
        """After a hang-up: autosave if asked to, then end the process, whatever else waits."""
        problem = self.stop_and_autosave()
        os._exit(0 if problem is None else 1)

    def quit_now(self) -> None:
        """End the app: stop the worker, and leave without handling the keys still waiting.

        Textual handles keys in the order they came, and its exit waits behind them: after a
        burst of thousands of keys (a held key, a paste, a stalled SSH link catching up), that
        is a minute of opening and closing panels. Once quitting, keys are dropped unhandled.
        """
        self.quitting = True
        if self._leaving:
            return
        self._leaving = True
        # Nothing drawn from now on is seen: the terminal is about to be given back. So what
        # is still on its way (a panel the last key opened, the focus it moved) is handled
        # without laying out, painting or restyling the screen, as in Textual's own shutdown:
        # a fifth less CPU between ctrl+c and the terminal given back, after a burst of keys.
        self._begin_batch()
        self.session.send(commands.Stop())
        self.call_later(self._exit_once_settled)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """As Textual's, but not once quitting (see `quit_now`): a focus that moves as the
        panels close would restyle each of their widgets, for a screen nobody sees again."""
        if not self.quitting:
            super().update_styles(node, animate)

    async def _exit_once_settled(self) -> None:
        with contextlib.suppress(TimeoutError):  # never held up for long
            await asyncio.wait_for(self.query_one(ControlsPanel).settled(), QUIT_WAIT)
        self.exit()

    def post_message(self, message: Message) -> bool:
        """As Textual's, but ctrl+c does not wait its turn: like the interrupt it is on a
        terminal, it quits at once, ahead of the keys typed before it still waiting."""
        if isinstance(message, events.Key) and message.key == "ctrl+c" and not self.quitting:
            self.quit_now()
        return super().post_message(message)

    async def on_event(self, event: events.Event) -> None:
        if self.quitting and isinstance(event, events.Key):
            return  # see `quit_now`
        await super().on_event(event)

    def stop_and_autosave(self) -> str | None:
        """After the app has ended (after a hang-up: at once, from a thread of its own): stop the
        worker, then save to `autosave` if asked to.

        The worker first applies the commands sent before Stop (the keys typed before `q`),
        then ends; the save waits for it (see `_worker_done`), unless it is stuck in a step,
        picture or gradient check of a huge network, which can take minutes: the save is then
        of a copy of the run as it stood after its last finished step, and `left_out` says how
        many commands it lacks. Returns a one-line error, or None.
        """
        with self._ending:  # once, though a hang-up's thread and `main` may both ask
            if not self._ended:
                self._problem = self._stop_and_autosave()
                self._ended = True
            return self._problem

    def _stop_and_autosave(self) -> str | None:
        session = self.session
        session.send(commands.Stop())
        if self.autosave is None:  # nothing to keep: a moment for a quick worker to end cleanly
            session.finished.wait(timeout=0.1)
            return None
        finished = self._worker_done()
        run = session.run
        if not finished:  # a copy as the run was between two steps (`Run.copy` is safe here)
            self.left_out = session.unapplied
            run = run.copy()
            if self.worker is not None:  # its work is of no use now, and it slows the save
                from tui.lifecycle.threads import interrupt  # here: ctypes takes a while

                interrupt(self.worker)
        try:
            run.save(self.autosave)
        except ValueError as error:  # RunFileError is one: its message is one line
            return str(error)
        self.saved_on_exit = self.autosave
        return None

    def _worker_done(self) -> bool:
        """Wait for the worker to end, after the commands sent before Stop; True if it has.

        While it has commands left to apply, it is waited for, however long they take in all:
        a save made after a fixed time lost the last keys of a burst, which a busy worker was
        still applying (a new network for each `]`, `.`, `d` or `s`), or had not begun to, busy
        with the picture of the burst's first keys. False once it has applied none for
        STUCK_AFTER seconds, or, with none left, after WORKER_GRACE: the run as it stands then
        is all that was asked for, and the step or picture under way is not worth waiting for.
        False at once if it never began (the app ended before its first frame was laid out).
        """
        session = self.session
        if self.worker is None:
            return False
        applied, since = session.applied, time.monotonic()
        while not session.finished.wait(timeout=WORKER_GRACE):
            if session.unapplied == 0:
                return False
            if session.applied != applied:
                applied, since = session.applied, time.monotonic()
            elif time.monotonic() - since >= STUCK_AFTER:
                return False
        return True

    async def action_quit(self) -> None:
        self.quit_now()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands in the command palette (Theme, Keys, Maximize), but not its
        Quit nor its Screenshot.

        Quit: q and ctrl+c quit, as the key line says, and nothing else does. A palette entry
        that quits is one a quick typist reaches by mistake (ctrl+p, then a letter or an arrow,
        then Enter), and it ended a 10-minute soak of random keys.
        Screenshot: it writes a file where the app runs, which a visitor of a served app (`--ssh`,
        `--serve`) may not do (tui/serving/policy.py); and its writing thread, not a daemon,
        reports back through the app's loop, which may be gone when q follows it closely.
        """
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Screenshot"):
                yield command
