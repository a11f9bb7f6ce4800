"""The training worker without the app: commands in, frames and events out, sub-second."""

import threading
import time
from collections.abc import Iterator

import pytest

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from tui.session import TrainingSession
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    ChangeSettings,
    CheckGradients,
    ClimbLadder,
    Command,
    NextChoice,
    Reset,
    ResizeLayer,
    SetGridSize,
    StepOnce,
    Stop,
    StopGradientCheck,
    ToggleFeature,
)
from tui.session.gradient_check import CHECK_TURN
from tui.snapshot import Event, GradientReport, Notice, Snapshot


class Worker:
    """A session run in a thread, as the app runs it, publishing into a list."""

    def __init__(self, config: RunConfig) -> None:
        self.session = TrainingSession(make_run(config), paused=True)
        self.events: list[Event] = []
        self.thread = threading.Thread(target=self.session.work, args=(self.events.append,))

    def __enter__(self) -> "Worker":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.send(Stop())
        self.thread.join(timeout=PATIENCE)

    def finish(self, *commands: Command) -> list[Event]:
        """Send the commands at once, then stop; every event the worker published."""
        for command in commands:
            self.session.send(command)
        self.session.send(Stop())
        self.thread.join(timeout=PATIENCE)
        assert not self.thread.is_alive()
        return self.events


@pytest.fixture
def worker() -> Iterator[Worker]:
    with Worker(RunConfig(learning_rate=0.1)) as running:
        yield running


def notices(events: list[Event]) -> list[str]:
    return [event.text for event in events if isinstance(event, Notice)]


def test_relative_keys_sent_together_each_apply_to_the_run_the_last_one_left(
    worker: Worker,
) -> None:
    events = worker.finish(
        *[AddLayer()] * 3,
        *[ResizeLayer(-1, 1)] * 2,
        ResizeLayer(0, -1),
        *[NextChoice("dataset_name")] * 3,
        *[ClimbLadder("learning_rate", 1)] * 3,
        *[ChangeSeed(1)] * 2,
        ToggleFeature("x2"),
    )
    config = worker.session.config
    assert config.hidden == (3, 4, 4, 6)
    assert config.dataset_name == "spiral"
    assert config.learning_rate == 3.0
    assert config.seed == 2
    assert config.features == ("x", "y", "x2")
    assert worker.session.snapshot().config == config
    assert notices(events) == []


def test_a_key_that_can_do_nothing_says_why_once_and_changes_nothing(worker: Worker) -> None:
    events = worker.finish(ChangeSeed(-1), ToggleFeature("x"), ToggleFeature("y"))
    assert notices(events) == [
        "The seed is already 0, the first one.",
        "Keep at least one feature: the network needs an input.",
    ]
    assert worker.session.config == RunConfig(learning_rate=0.1, features=("y",))
    assert all(
        not isinstance(event, Notice)
        for event in events[
            events.index(Notice("Keep at least one feature: the network needs an input.")) + 1 :
        ]
    ), "a notice is published once, not repeated in later frames"


def test_live_settings_go_on_and_the_others_start_again(worker: Worker) -> None:
    worker.finish(StepOnce(), StepOnce(), ChangeSettings.of(learning_rate=0.3, batch_size=10))
    assert worker.session.run.trainer.steps == 2
    assert worker.session.run.trainer.learning_rate == 0.3
    assert worker.session.run.trainer.batch_size == 10


def test_a_reset_keeps_the_old_curve_as_a_ghost_labelled_by_what_changed() -> None:
    with Worker(RunConfig()) as running:
        running.finish(StepOnce(), StepOnce(), ChangeSettings.of(hidden=(8,), learning_rate=3.0))
    session = running.session
    assert session.run.trainer.steps == 0
    ghost = session.snapshot().ghost
    assert ghost is not None and ghost[0] == "before: lr 10, hidden 4"


def test_a_bad_value_is_refused_with_one_line_and_changes_nothing(worker: Worker) -> None:
    events = worker.finish(ChangeSettings.of(noise=80.0), ChangeSettings.of(colour=3))
    assert notices(events) == [
        "noise must be between 0 and 50 (percent), got 80",
        "unknown setting: colour",
    ]
    assert worker.session.config == RunConfig(learning_rate=0.1)


def test_a_gradient_check_is_one_event(worker: Worker) -> None:
    worker.session.send(StepOnce())
    worker.session.send(CheckGradients())
    give_up = (
        time.monotonic() + PATIENCE
    )  # a guard, not a timing goal: Stop would abandon the check
    while not any(isinstance(e, GradientReport) for e in worker.events):
        assert time.monotonic() < give_up, "no gradient report"
        time.sleep(0.005)
    events = worker.finish()
    reports = [event for event in events if isinstance(event, GradientReport)]
    assert len(reports) == 1 and reports[0].step == 1
    assert max(check.max_error for check in reports[0].layers) < 1e-6


def test_quitting_abandons_a_gradient_check_and_leaves_the_network_as_it_was() -> None:
    with Worker(RunConfig(hidden=(32, 32))) as running:
        before = running.session.run.trainer.network.parameters()
        events = running.finish(CheckGradients())  # Stop is queued right behind it
    assert not [event for event in events if isinstance(event, GradientReport)]
    assert running.session.run.trainer.network.parameters() == before


def test_a_copy_of_the_run_made_during_a_gradient_check_has_its_true_weights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What quitting saves when it catches the worker in a check: no weight nudged."""
    import scratchnet.gradcheck

    copies = []
    measure = scratchnet.gradcheck.sample_losses

    def measure_and_copy(*args: object) -> list[float]:
        if len(copies) < 5:  # while the check has a weight nudged up or down
            copies.append(running.session.run.trainer.copy_between_steps().network.parameters())
        return measure(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scratchnet.gradcheck, "sample_losses", measure_and_copy)
    with Worker(RunConfig(hidden=(3,))) as running:
        before = running.session.run.trainer.network.parameters()
        running.session.send(CheckGradients())
        give_up = time.monotonic() + PATIENCE  # a guard, not a timing goal
        while not any(isinstance(e, GradientReport) for e in running.events):
            assert time.monotonic() < give_up, "no gradient report"
            time.sleep(0.005)
    assert len(copies) == 5 and all(copy == before for copy in copies)


def test_after_a_key_the_status_line_goes_ahead_of_the_picture_and_says_so() -> None:
    with Worker(RunConfig()) as worker:
        worker.session.send(StepOnce())
        give_up = time.monotonic() + PATIENCE  # a guard, not a timing goal
        while len(frames := [e for e in worker.events if isinstance(e, Snapshot)]) < 3:
            assert time.monotonic() < give_up, "no frames"
            time.sleep(0.005)
    first, ahead, whole = frames[:3]
    assert (first.step, ahead.step, whole.step) == (0, 1, 1)
    assert ahead.pending and ahead.grid is first.grid, "the old picture, and it says so"
    assert not whole.pending and whole.grid != first.grid, "then the new one"
    assert not first.pending


def test_keys_wait_for_one_turn_of_a_big_check_not_for_the_whole_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """8 layers of 32: 7,521 parameters, a tenth of a second each; a key waited 20 minutes."""
    import scratchnet.gradcheck

    worker = Worker(RunConfig(hidden=(32,) * 8))
    session = worker.session
    trainer = session.run.trainer
    per_parameter = 2 * len(trainer.dataset) * len(trainer.network.parameters())
    assert CHECK_TURN // per_parameter <= 1  # a parameter of this network is a turn's work
    steps_seen: list[int] = []  # the run's step at each pass over the data the check makes

    def counted(network: object, examples: list[object]) -> list[float]:
        """Count the passes instead of making them (two per parameter), and press `n` in the
        middle of the fifth parameter."""
        steps_seen.append(session.run.trainer.steps)
        if len(steps_seen) == 9:
            session.send(StepOnce())
        return [0.0] * len(examples)

    monkeypatch.setattr(scratchnet.gradcheck, "sample_losses", counted)
    # A small picture: the full-size one of this network is a second's work a frame, and the
    # turns of the check, not the picture, are the point.
    session.send(SetGridSize(4, 4))
    with worker:
        session.send(CheckGradients())
        give_up = time.monotonic() + PATIENCE  # a guard, not a timing goal
        while not any(isinstance(e, GradientReport) for e in worker.events):
            assert time.monotonic() < give_up, "no gradient report"
            time.sleep(0.01)
    # The step was taken once the turn under way was over: by the next parameter's first pass.
    assert 1 in steps_seen[:11], "the step waited for more than the turn under way"
    progress = [e.gradient_check for e in worker.events if isinstance(e, Snapshot)]
    assert any(shown is not None and 0 < shown.done < shown.total for shown in progress)
    assert progress[-1] is None  # the last frame says the check is over
    (report,) = [e for e in worker.events if isinstance(e, GradientReport)]
    assert sum(layer.parameters for layer in report.layers) == len(steps_seen) // 2 == 200


def test_g_again_stops_the_check_and_so_does_a_new_run() -> None:
    worker = Worker(RunConfig(hidden=(8, 8)))
    for command in [CheckGradients(), CheckGradients(), StopGradientCheck(), CheckGradients()]:
        worker.session.send(command)  # before the worker starts: applied in one go, in order
    worker.session.send(Reset())
    worker.thread.start()
    events = worker.finish()
    started = (
        "Checking backprop against finite differences: all 105 parameters (g or Esc stops it)."
    )
    stopped = "Gradient check stopped at layer 1 of 3, 0 of 105 parameters"
    assert notices(events) == [started, f"{stopped}.", started, f"{stopped}: the run began again."]
    assert not [event for event in events if isinstance(event, GradientReport)]
