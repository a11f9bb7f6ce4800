"""The run's health, measured in the worker as it trains: the figures and the one line.

Every `steps_between(run)` steps (`scratchnet.health`: at most 3 % of the training, see
`benchmarks/bench_health.py`) the session measures the run (`measure`), and a `Watch`
(`scratchnet.diagnosis`) says which line, if any, to show. The last `HISTORY` measurements go
into each frame (`HealthFrame`), for the health view's figures over time, and the diagram's
marks of saturated and dead neurons come from the last one.

A run that starts again (a reset, a new seed, a file opened, a fork from the past) starts with
a new watch and no history: its health is its own. A setting changed on a run that goes on (the
learning rate, say) starts a new watch, so the line says what the run does from now on.
"""

from scratchnet.diagnosis import Watch, findings
from scratchnet.health import Health, measure, steps_between
from scratchnet.run import Run
from tui.snapshot import HealthFrame

HISTORY = 60
"""How many measurements a frame carries: the health view draws at most this many over time
(at the tutorial's pace, the last 25,000 steps; a few kilobytes in all)."""

SATURATED, DEAD = "saturated", "dead"


class HealthWatch:
    """Measures one run every few steps, and keeps what the frames show of it (`frame`)."""

    def __init__(self, run: Run) -> None:
        self.frame = HealthFrame()
        self.start(run)

    def start(self, run: Run, keep_history: bool = False) -> None:
        """Watch `run` from now on: a new watch (no line shown), and a new history unless
        `keep_history` (the same run going on with a setting changed)."""
        self.every = steps_between(run)
        self.watch = Watch()
        self.measured_at: int | None = None
        history = self.frame.history if keep_history else ()
        self.frame = HealthFrame(self.every, run.unit, history)

    def after_step(self, run: Run) -> bool:
        """Call after each step: measures when one is due (and once when the run diverges).
        True when it measured: the frame, and the marks, are new."""
        due = run.steps % self.every == 0 or run.diverged
        if not due or run.steps == self.measured_at:
            return False
        self.measured_at = run.steps
        health = measure(run)
        shown = self.watch.observe(health)
        history = (*self.frame.history[-(HISTORY - 1) :], health)
        self.frame = HealthFrame(self.every, run.unit, history, shown, tuple(findings(health)))
        return True


def marks_of(health: Health | None) -> tuple[tuple[str, ...], ...]:
    """Per layer, per neuron: SATURATED, DEAD or "" (the diagram marks them); empty for no
    measurement."""
    if health is None:
        return ()
    return tuple(
        tuple(
            SATURATED if side is not None else DEAD if dead else ""
            for side, dead in zip(layer.saturated, layer.dead)
        )
        for layer in health.layers
    )
