"""The loop any run is trained in: commands in, frames and events out, the GIL handed over.

A `SessionLoop` runs in one thread (the app's worker); everything else talks to it through
`send`, a thread-safe queue of commands (`commands.py`) that it applies between two training
steps. It publishes frozen frames (`Snapshot`s) at most `fps` times a second, and right after a
command, so a key press shows at once; one-off events (a `Notice`, a `GradientReport`) are
published once, on their own. A run trains at its speed (steps a second, or max), resting on
the command queue between steps. Nothing here imports Textual: the tests and the benchmarks
drive the same loop with a plain function as publisher.

A frame may be dropped, a command never: once `Stop` is on its way (the app is ending), the
worker draws no more frames and takes no more steps, and applies every command sent before
`Stop`, in order. `unapplied` says how many of those the run or a file keeps (`commands.kept`)
are left: the autosave waits for them (tui/lifecycle/quitting.py), and holds them all.

This is the loop's pacing only; what a step, a command and a frame are is the session's
(`training.py`, `TrainingSession`, over any run of the run contract).
"""

import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace

from tui.session.commands import Command, Stop, kept
from tui.session.frames import FrameBuilder
from tui.snapshot import Event, Snapshot, State

GIL_SLICE = 0.005  # seconds of training between two voluntary hand-overs of the GIL
AFTER_COMMAND = 0.02  # seconds the worker stands aside after a key, so the UI shows it at once
CATCH_UP = 0.25  # at a set speed, a worker that fell behind makes up at most this many seconds

Publish = Callable[[Event], object]


class StepRate:
    """Training steps per second over about the last second."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def clear(self) -> None:
        self.samples.clear()

    def add(self, now: float, steps: int) -> float:
        self.samples.append((now, steps))
        while len(self.samples) > 2 and now - self.samples[1][0] >= 1.0:
            self.samples.popleft()
        first_time, first_steps = self.samples[0]
        if now <= first_time:
            return 0.0
        return (steps - first_steps) / (now - first_time)


class SessionLoop:
    """The loop any run is trained in: commands between steps, frames out, the GIL handed over.

    A subclass owns the run: it says how to take one step (`train_step`), whether the run can
    go on (`diverged`), how far it is (`steps`), how to apply a command and what a frame shows
    (`TrainingSession`, training.py).
    """

    def __init__(self, fps: float = 8.0, paused: bool = False) -> None:
        self.running = not paused
        self.commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self.frames = FrameBuilder(fps)
        self.rate = StepRate()
        self.steps_per_second = 0.0
        self.stopping = threading.Event()
        self.finished = threading.Event()  # set when `work` has returned: the run is free
        self.sent = 0  # commands sent that the run or a file keeps (see `unapplied`)
        self.applied = 0  # and of those, applied
        self._counting = threading.Lock()  # `send` may be called from any thread
        self.publish: Publish = lambda event: None  # `work` sets the real one
        self._step_due = 0.0  # at a set speed, when the next step may be taken (perf_counter)
        self._frame_due = 0.0  # when the next frame may be published

    # -- what a subclass says about its run -------------------------------------------------

    @property
    def speed(self) -> float:
        """Steps a second to train at; math.inf (the default) is as fast as it goes."""
        return math.inf

    @property
    def steps(self) -> int:
        """How many steps the run has taken."""
        raise NotImplementedError

    @property
    def diverged(self) -> bool:
        """True when the run can take no more steps (its numbers stopped being finite)."""
        raise NotImplementedError

    def train_step(self) -> None:
        """Take one training step of the run."""
        raise NotImplementedError

    def apply(self, command: Command) -> None:
        """Change the run as the command says (called between two steps)."""
        raise NotImplementedError

    def snapshot(self, picture: bool = True) -> Snapshot:
        """A frozen copy of what the app shows now."""
        raise NotImplementedError

    @property
    def state(self) -> State:
        if self.diverged:
            return "diverged"
        return "running" if self.running else "paused"

    def _pause_changed(self) -> None:
        self.rate.clear()
        self.steps_per_second = 0.0
        self._step_due = 0.0  # a set speed counts again from now
        self.frames.stale = True  # a paused picture shows the network exactly as it is

    # -- the loop ------------------------------------------------------------------------------

    def send(self, command: Command) -> None:
        """Queue a command; safe from any thread. After `Stop`, the worker applies the commands
        queued before it, and ends, drawing nothing more: `finished` says it has."""
        if isinstance(command, Stop):
            self.stopping.set()
        elif kept(command):
            with self._counting:
                self.sent += 1
        self.commands.put(command)

    @property
    def unapplied(self) -> int:
        """How many of the commands sent that the run or a file keeps the worker has still to
        apply: queued, or being applied now."""
        return self.sent - self.applied

    def skip(self, steps: int) -> None:
        """Train `steps` steps before the first frame (`--skip-to`), stopping early on Stop."""
        for _ in range(steps):
            if self.diverged or self.stopping.is_set():
                return
            self.train_step()

    def work(self, publish: Publish) -> None:
        """Train until `Stop`, publishing frames and events. Blocks, using no CPU, while idle."""
        self.publish = publish
        try:
            self._run()
        finally:
            self.finished.set()

    def _run(self) -> None:
        # What was sent before the worker started (the app's layout: the picture's size, the
        # plot's width) shapes the first frame, which is then made once.
        waiting = self._next_command(0)
        if waiting is not None and not self._apply_commands(waiting):
            return
        self.publish(self.snapshot())
        while True:
            # Once Stop is on its way, no more steps: wait for it, behind what was sent first.
            command = self._next_command(None if self.stopping.is_set() else self.rest())
            if command is not None:
                if not self._apply_commands(command):
                    return
                self._show_applied()
                continue
            self.advance()

    def _show_applied(self) -> None:
        """After a command: the status line first, so the key shows at once; then the new
        picture. Neither once Stop is on its way: the app is ending, nobody sees them, and the
        autosave waits for the commands still queued, which a picture would hold up (a second
        and more for the tutorial's network, in a big terminal on a busy machine)."""
        if self.stopping.is_set():
            return
        more = self.frames.stale or self.frames.diagram_stale
        self.publish(replace(self.snapshot(picture=False), pending=more))
        time.sleep(AFTER_COMMAND)
        if more and not self.stopping.is_set():
            self.publish(self.snapshot())

    def rest(self) -> float | None:
        """How long the worker may wait for a command before it has work: None, as long as it
        takes (paused); 0, not at all (training flat out); else until the next step is due."""
        if not self.running or self.diverged:
            return None
        if self.speed == math.inf:
            return 0.0
        return max(0.0, self._step_due - time.perf_counter())

    def advance(self) -> None:
        """Train until the frame is due (at a set speed: until the next step is not due yet),
        then publish a frame if one is due."""
        self._train_for(1.0 / self.frames.fps)
        self.publish_when_due()

    def publish_when_due(self, picture: bool = True) -> None:
        """Publish a frame if one is due (at most `fps` a second)."""
        now = time.perf_counter()
        if now >= self._frame_due:
            self._frame_due = now + 1.0 / self.frames.fps
            self.publish(self.snapshot(picture))

    def _next_command(self, wait: float | None) -> Command | None:
        """The next command, waiting for it `wait` seconds (None: until one comes); None if no
        command came. Waiting on the queue is the worker's only way to idle: it uses no CPU, and
        a key still wakes it at once."""
        try:
            if wait == 0:
                return self.commands.get_nowait()
            return self.commands.get(timeout=wait)
        except queue.Empty:
            return None

    def _apply_commands(self, command: Command) -> bool:
        """Apply the command and any queued after it. Returns False on Stop."""
        while True:
            if isinstance(command, Stop):
                return False
            self.apply(command)
            if kept(command):
                self.applied += 1
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return True

    def _train_for(self, seconds: float) -> None:
        """Step until the frame is due, a command arrives, or the run diverges.

        Every GIL_SLICE seconds, `time.sleep(0)` lets the UI threads take the GIL. A pure-Python
        loop would otherwise keep it for the interpreter's whole switch interval (5 ms by
        default) at every hand-over, and keys would lag by tens of milliseconds; `scratchnet-tui`
        also shortens that interval to 0.5 ms (see `tui.cli.tune_for_latency`), so a UI thread
        that wants the GIL never waits long, and the voluntary hand-over can be rarer. Measured:
        every 2 ms cost 5-8 % of the training speed, every 5 ms about 1 %, with keys still
        showing in about 10 ms (benchmarks/bench_tui.py).

        At a set speed (`speed`), a step waits until it is due and the loop ends before a step
        that is not: the worker then rests on the command queue (`rest`), never busy.
        """
        commands, train_step = self.commands, self.train_step
        interval = 1.0 / self.speed  # 0 at max speed
        now = time.perf_counter()
        frame_end = now + seconds
        slice_end = now + GIL_SLICE
        while now < frame_end and commands.empty() and not self.diverged:
            if interval:
                if now < self._step_due:
                    break
                late = now - self._step_due > CATCH_UP  # or just resumed: count from now
                self._step_due = (now if late else self._step_due) + interval
            train_step()
            now = time.perf_counter()
            if now >= slice_end:
                time.sleep(0)
                now = time.perf_counter()
                slice_end = now + GIL_SLICE
        self.steps_per_second = self.rate.add(now, self.steps)
