"""The worker measures its run's health as it trains, in both modes: every few steps, per
layer, into every frame, with the one line to show; a run started again starts afresh."""

import threading

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.diagnosis import RAISE_AFTER
from scratchnet.health import LOW, steps_between
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Run
from tui.session import TrainingSession
from tui.session.commands import (
    ChangeSettings,
    ClimbLadder,
    Command,
    Reset,
    SetDiagramView,
    StepOnce,
    Stop,
)
from tui.snapshot import Event, Snapshot

FASTER = ClimbLadder("speed", 1)
SATURATING_PLAYGROUND = "#activation=tanh&learningRate=10&networkShape=2&dataset=circle&seed=0.2"


def frames_after(run: Run, measurements: int, *commands: Command) -> list[Snapshot]:
    """Train the run in the worker (as `--skip-to` does) until `measurements` measurements
    are due, then apply the commands, one by one, as the worker's loop does between two steps:
    the frame it published first, and the frame after the commands."""
    session = TrainingSession(run, paused=True)
    session.skip(measurements * steps_between(run))
    events: list[Event] = []
    thread = threading.Thread(target=session.work, args=(events.append,))
    thread.start()
    session.send(Stop())
    thread.join(timeout=PATIENCE)
    assert not thread.is_alive()
    frames = [event for event in events if isinstance(event, Snapshot)]
    for command in commands:
        session.apply(command)
    return [*frames, session.snapshot()] if commands else frames


def test_a_saturating_tutorial_run_is_measured_and_its_line_is_in_the_frame() -> None:
    first, *_ = frames_after(make_run(RunConfig(learning_rate=100.0)), RAISE_AFTER)
    health = first.health
    assert health.every == 83 and [h.step for h in health.history] == [83, 166, 249]
    output = health.history[-1].layers[-1]
    assert output.saturated == (LOW,) and output.gradient < 1e-6
    assert len(health.history[-1].layers) == 2, "every layer's figures: the hidden, the output"
    assert health.shown is not None
    assert health.shown.line.startswith("saturated: the output is 0 for every point")
    assert health.findings[0].kind == "saturated"


def test_a_saturating_playground_run_is_measured_every_40_epochs() -> None:
    first, *_ = frames_after(make_run(PlaygroundState.from_url(SATURATING_PLAYGROUND)), 3)
    assert first.health.every == 40 and first.health.unit == "epoch"
    assert [h.step for h in first.health.history] == [40, 80, 120]
    assert first.health.shown is not None and first.health.shown.kind == "saturated"


def test_a_healthy_run_is_measured_and_says_nothing() -> None:
    first, *_ = frames_after(make_run(RunConfig()), RAISE_AFTER)
    assert len(first.health.history) == RAISE_AFTER
    assert first.health.shown is None and first.health.findings == ()


def test_the_diagram_marks_what_the_last_measurement_found() -> None:
    *_, last = frames_after(make_run(RunConfig(learning_rate=100.0)), 1, SetDiagramView(True))
    assert last.diagram is not None
    assert last.diagram.marks[-1] == ("saturated",), "the output, saturated"


def test_a_run_started_again_starts_afresh_and_a_changed_setting_gets_a_new_watch() -> None:
    *_, faster = frames_after(make_run(RunConfig(learning_rate=100.0)), RAISE_AFTER, FASTER)
    assert faster.speed == 500 and faster.health.shown is not None, "the speed changes nothing"
    run = make_run(RunConfig(learning_rate=100.0))
    *_, changed = frames_after(run, RAISE_AFTER, ChangeSettings.of(learning_rate=0.3))
    assert len(changed.health.history) == RAISE_AFTER, "the same run goes on: its figures stay"
    assert changed.health.shown is None, "the line is about the run from now on"
    *_, reset = frames_after(make_run(RunConfig(learning_rate=100.0)), RAISE_AFTER, Reset())
    assert reset.health.history == () and reset.health.shown is None
    *_, stepped = frames_after(make_run(RunConfig(learning_rate=100.0)), 0, *[StepOnce()] * 83)
    assert [h.step for h in stepped.health.history] == [83], "a step with n is measured too"
