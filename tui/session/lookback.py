"""Looking back along a run's timeline: a checkpoint shown, a replay, and going on from one.

Every run keeps a timeline of checkpoints (`Run.timeline`, see scratchnet/timeline.py). Looking
back shows the run as it was at one of them, through a look-alike the run makes
(`Run.looking_back`): the picture, the neurons, the probe, the diagram and the status line's
numbers are those of then, and the run itself is not touched. A replay shows the checkpoints
one after the other at the run's speed. Going on from a checkpoint in the past (a fork) puts
the run back there (`Run.go_back`); the future it leaves is the session's to keep as a ghost.

The session decides when: it pauses training before looking back, and forks when training goes
on; this module only knows where on the timeline the screen is.
"""

import math
import time
from bisect import bisect_right
from collections.abc import Callable

from scratchnet.run import Run, Settings
from tui.snapshot import TimelineView

REPLAY_AT_MAX = 5.0  # seconds a replay at max speed takes, whatever the run's length


class LookBack:
    """Where on its run's timeline the screen is: the present (`viewing` None), a checkpoint, or
    a replay moving along them."""

    def __init__(self) -> None:
        self.viewing: int | None = None  # the checkpoint shown; None: the present
        self.replaying = False
        self.shown: Run | None = None  # the run as it was at `viewing`, to draw and read
        self.viewed_with: Settings | None = None  # the settings when looking back began
        self._replay_step = 0.0  # the step a replay has reached (between checkpoints)
        self._replay_clock = 0.0

    def clear(self) -> None:
        """Back to the present, for a run that replaced the one looked at."""
        self.viewing, self.replaying, self.shown = None, False, None

    def on_screen(self, run: Run) -> Run:
        """The run the screen shows: the checkpoint's look-alike, or the run itself."""
        return run if self.viewing is None or self.shown is None else self.shown

    def look_at(self, run: Run, index: int | None) -> None:
        """Show checkpoint `index` of the run's timeline (None, or the present's: the run)."""
        timeline = run.timeline
        last = len(timeline) - 1
        if index is not None:
            index = min(max(index, 0), last)
            if index == last and timeline.steps[last] == run.steps:
                index = None
        if index is None:
            self.clear()
        elif index != self.viewing:
            if self.viewing is None:
                self.viewed_with = run.settings
            self.viewing, self.shown = index, run.looking_back(index)

    def scrub(self, run: Run, direction: int, tenth: bool) -> None:
        """One checkpoint, or a tenth of the run, back or forward from the one shown."""
        self.replaying = False
        steps = run.timeline.steps
        here = len(steps) - 1 if self.viewing is None else self.viewing
        if not tenth:
            self.look_at(run, here + direction)
            return
        span = max(1, (steps[-1] - steps[0]) // 10)
        there = run.timeline.nearest(steps[here] + direction * span)
        if there == here:  # a short run: a tenth is less than one checkpoint
            there = here + direction
        self.look_at(run, there)

    def replay(self, run: Run) -> bool:
        """Show the run again from its first checkpoint on; False if it has nothing to replay
        (one checkpoint: the present)."""
        self.look_at(run, 0)
        if self.viewing is None:
            return False
        self.replaying = True
        self._replay_step = float(run.timeline.steps[0])
        self._replay_clock = time.perf_counter()
        return True

    def replay_on(self, run: Run, speed: float, frame: float) -> None:
        """Move the replay to the checkpoint it has reached at `speed` steps a second (at max,
        the whole run in REPLAY_AT_MAX seconds); at the end, back to the present.

        It moves on by the time since its last frame, but never by more than one `frame`'s
        (seconds) worth: a worker that was held up (a busy machine) shows the next stage late
        rather than skipping stages, so every replay shows the same frames."""
        now = time.perf_counter()
        steps = run.timeline.steps
        if speed == math.inf:
            speed = max(1.0, (steps[-1] - steps[0]) / REPLAY_AT_MAX)
        self._replay_step += min(now - self._replay_clock, frame) * speed
        self._replay_clock = now
        if self._replay_step >= steps[-1]:
            self.look_at(run, None)
        else:
            self.look_at(run, max(0, bisect_right(steps, self._replay_step) - 1))

    def fork(self, run: Run, leaving: Callable[[int], object]) -> None:
        """Go on from the checkpoint shown, if it is in the past: first `leaving(step)`, the
        step of the checkpoint (for the session to keep the future it leaves as a ghost), then
        the run goes back there. At the present, it stays where it is."""
        index = self.viewing
        self.clear()
        if index is None:
            return
        step = run.timeline.steps[index]
        if step != run.steps:
            leaving(step)
            run.go_back(index)

    def view(self, run: Run, edits: tuple[int, ...]) -> TimelineView:
        """Where the screen is on the run's timeline, for the timeline bar."""
        steps = run.timeline.steps
        shown = self.shown.steps if self.viewing is not None and self.shown is not None else None
        return TimelineView(
            first=steps[0] if steps else 0,
            last=run.steps,
            shown=shown,
            checkpoints=len(steps),
            replaying=self.replaying,
            edits=edits,
        )
