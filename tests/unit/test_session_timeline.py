"""The timeline in the training worker, without the app: look back, replay, fork, the speed."""

import math
import threading
import time
from array import array
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.modes import TutorialMode, make_run
from scratchnet.surface import predict_grid
from scratchnet.trainer import Trainer
from tui.drawing.diagram_cursor import Node
from tui.drawing.levels import levels
from tui.session import TrainingSession, lookback, loop, training
from tui.session.commands import (
    ChangeSettings,
    ClimbLadder,
    Command,
    LoadRun,
    Replay,
    SaveRun,
    Scrub,
    ScrubTo,
    SetParameter,
    StepOnce,
    Stop,
    TogglePause,
)
from tui.session.ghost import ghost_of
from tui.snapshot import Event, Notice, Snapshot

MINI_BATCHES = RunConfig(learning_rate=3.0, batch_size=10, hidden=(5,))


class Worker:
    """A paused session that has trained `steps` steps, run in a thread as the app runs it."""

    def __init__(self, config: RunConfig, steps: int) -> None:
        self.session = TrainingSession(make_run(config), paused=True)
        self.session.skip(steps)
        self.events: list[Event] = []
        self.seen = 0  # frames before this one were looked at by an earlier `wait_for`
        self.thread = threading.Thread(target=self.session.work, args=(self.events.append,))
        self.thread.start()

    def send(self, *commands: Command) -> None:
        for command in commands:
            self.session.send(command)

    def wait_for(self, check: Callable[[Snapshot], bool], timeout: float = PATIENCE) -> Snapshot:
        """The first frame, after those an earlier call looked at, for which `check` is true."""
        deadline = time.monotonic() + timeout
        frames: list[Snapshot] = []
        while time.monotonic() < deadline:
            frames = [event for event in self.events if isinstance(event, Snapshot)]
            for index in range(self.seen, len(frames)):
                if check(frames[index]):
                    self.seen = index + 1
                    return frames[index]
            time.sleep(0.005)
        raise AssertionError(f"timed out; last frame: {frames[-1] if frames else None}")

    def stop(self) -> None:
        self.session.send(Stop())
        self.thread.join(timeout=PATIENCE)
        assert not self.thread.is_alive()


def trained(config: RunConfig, steps: int) -> Trainer:
    trainer = config.trainer()
    for _ in range(steps):
        trainer.step()
    return trainer


def trained_losses(config: RunConfig, steps: int) -> list[float]:
    return list(trained(config, steps).losses)


def test_looking_back_shows_the_checkpoints_picture_and_numbers_and_leaves_the_run() -> None:
    worker = Worker(RunConfig(), 30)
    worker.send(*[Scrub(-1)] * 5)
    shown = worker.wait_for(lambda s: s.step == 25)
    worker.stop()
    session = worker.session
    assert session.run.trainer.steps == 30, "looking back does not touch the run"
    then = RunConfig().trainer()
    for _ in range(25):
        then.step()
    columns, rows = session.frames.grid_size
    assert shown.grid == levels(predict_grid(then.network, columns, rows))
    assert shown.loss == then.loss
    assert shown.train_accuracy == then.train_accuracy()
    assert shown.state == "paused"
    assert shown.timeline is not None and shown.timeline.shown == 25
    assert shown.timeline.last == 30


def test_keys_move_by_a_checkpoint_a_tenth_and_to_either_end() -> None:
    worker = Worker(RunConfig(), 100)
    worker.send(Scrub(-1, tenth=True))
    assert worker.wait_for(lambda s: s.step == 90).timeline.shown == 90  # type: ignore[union-attr]
    worker.send(Scrub(-1, tenth=True), Scrub(1))
    worker.wait_for(lambda s: s.step == 81)
    worker.send(ScrubTo(end=False))
    worker.wait_for(lambda s: s.step == 0)
    worker.send(Scrub(-1))  # already at the start: stays
    worker.send(Scrub(1, tenth=True))
    worker.wait_for(lambda s: s.step == 10)
    worker.send(ScrubTo(end=True))
    now = worker.wait_for(lambda s: s.step == 100)
    worker.stop()
    assert now.timeline is not None and now.timeline.shown is None


def test_going_on_from_a_checkpoint_repeats_the_run_to_the_last_digit() -> None:
    worker = Worker(MINI_BATCHES, 60)
    worker.send(*[Scrub(-1)] * 23)  # step 37: mid-epoch (13 batches an epoch)
    worker.wait_for(lambda s: s.step == 37)
    worker.send(*[StepOnce()] * 23)  # the first one forks there, each takes one step
    worker.wait_for(lambda s: s.step == 60 and s.timeline is not None and s.timeline.shown is None)
    worker.stop()
    session = worker.session
    assert list(session.run.trainer.losses) == trained_losses(MINI_BATCHES, 60)
    ghost = session.snapshot().ghost
    assert ghost is not None and ghost[0] == "before fork at step 37"


def test_resuming_after_a_change_forks_with_the_new_setting_and_keeps_the_old_future() -> None:
    worker = Worker(MINI_BATCHES, 40)
    worker.send(*[Scrub(-1)] * 10, ChangeSettings.of(learning_rate=0.3))
    worker.wait_for(lambda s: s.step == 30 and s.learning_rate == 0.3)
    worker.send(TogglePause())
    worker.wait_for(lambda s: s.state == "running" and s.step > 35)
    worker.send(TogglePause())
    worker.stop()
    session = worker.session
    original = trained_losses(MINI_BATCHES, 40)
    assert list(session.run.trainer.losses[:30]) == original[:30]
    assert session.run.trainer.losses[30] == original[30], "the step after the fork: the same batch"
    assert session.run.trainer.losses[31] != original[31], "then the new learning rate shows"
    ghost = session.snapshot().ghost
    assert ghost is not None and ghost[0] == "before: lr 3"
    abandoned = trained(MINI_BATCHES, 40)
    curve = ghost_of(TutorialMode(MINI_BATCHES, abandoned), "", session.frames.plot_points)[1]
    assert ghost[1] == curve, "all 40 steps of it"


def test_replay_shows_every_stage_from_the_checkpoints_without_training() -> None:
    worker = Worker(RunConfig(speed=100), 60)
    before = list(worker.session.run.trainer.network.parameters())
    worker.send(Replay())
    worker.wait_for(lambda s: s.state == "replaying")
    end = worker.wait_for(lambda s: s.state == "paused")
    worker.stop()
    frames = [e for e in worker.events if isinstance(e, Snapshot) and e.state == "replaying"]
    steps = [frame.step for frame in frames]
    assert steps[0] == 0 and steps == sorted(steps) and len(set(steps)) > 3
    assert end.step == 60 and end.timeline is not None and end.timeline.shown is None
    assert worker.session.run.trainer.steps == 60
    assert worker.session.run.trainer.network.parameters() == before, "replaying trains nothing"


def test_a_replay_held_up_shows_its_next_stage_late_not_one_further_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    for module in (loop, lookback, training):
        monkeypatch.setattr(module, "time", clock)
    session = TrainingSession(make_run(RunConfig(speed=100)), paused=True)  # 12.5 steps a frame
    session.skip(60)
    shown: list[Event] = []
    session.publish = shown.append
    session.apply(Replay())
    while session.look.replaying:
        clock.now += 10.0  # the worker was held up for 10 s before each frame
        session.advance()
    assert [frame.step for frame in shown if isinstance(frame, Snapshot)] == [12, 25, 37, 50, 60]


class FakeClock:
    """The `time` module as the worker's loop uses it, its clock moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def perf_counter(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_space_stops_a_replay_where_it_is() -> None:
    worker = Worker(RunConfig(speed=1), 40)  # a replay of 40 s
    worker.send(Replay())
    worker.wait_for(lambda s: s.state == "replaying")
    worker.send(TogglePause())
    stopped = worker.wait_for(lambda s: s.state == "paused")
    worker.stop()
    frames = [e for e in worker.events if isinstance(e, Snapshot)]
    before = frames[: next(i for i, frame in enumerate(frames) if frame is stopped)]
    last_replayed = [frame for frame in before if frame.state == "replaying"][-1]
    assert stopped.timeline is not None and stopped.timeline.shown is not None
    assert stopped.step == last_replayed.step < 40, "where it was, not at the end"
    assert worker.session.run.trainer.steps == 40


def test_speed_keys_climb_its_ladder_up_to_max() -> None:
    worker = Worker(RunConfig(), 0)
    worker.send(ClimbLadder("speed", 1))
    worker.wait_for(lambda s: s.config.speed == 500)  # type: ignore[union-attr]
    worker.send(*[ClimbLadder("speed", 1)] * 3)
    worker.wait_for(lambda s: s.config.speed == math.inf)  # type: ignore[union-attr]
    worker.send(ClimbLadder("speed", -1))
    worker.wait_for(lambda s: s.config.speed == 1000)  # type: ignore[union-attr]
    worker.stop()
    notices = [e.text for e in worker.events if isinstance(e, Notice)]
    assert notices == ["speed max is at the top of the ladder."]


def test_a_slow_speed_trains_at_that_pace_and_the_worker_rests_between_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()  # the worker's clock, moved a frame at a time: no machine is too slow
    for module in (loop, training):
        monkeypatch.setattr(module, "time", clock)
    session = TrainingSession(make_run(RunConfig(speed=5)), paused=True)
    frames: list[Event] = []
    session.publish = frames.append
    session.apply(TogglePause())
    rests = []
    for _ in range(16):  # two seconds at 8 frames a second
        session.advance()
        rests.append(session.rest())
        clock.now += 1 / 8
    assert session.steps == 10, "5 steps a second"
    # Fewer steps than frames: the frames show the steps one by one, no burst.
    steps = [e.step for e in frames if isinstance(e, Snapshot)]
    assert len(steps) == 16 and all(later - earlier <= 1 for earlier, later in pairwise(steps))
    assert all(rest is not None and rest > 0 for rest in rests), "it waits on its queue"


def test_editing_a_weight_while_looking_back_goes_on_from_there_with_the_edit() -> None:
    session = TrainingSession(make_run(RunConfig()), paused=True)
    session.skip(20)
    for _ in range(5):
        session.apply(Scrub(-1))
    session.apply(SetParameter(Node(1, 0), 2.5))  # the first hidden neuron's bias
    assert session.run.trainer.steps == 15 and session.look.viewing is None
    assert session.run.trainer.network.layers[0][0].bias == 2.5
    assert session.snapshot().ghost is not None
    session.apply(Scrub(-1))
    session.apply(Scrub(1))  # back to the present: the edited network, not the one before
    assert session.look.viewing is None
    session.apply(ScrubTo(end=False))
    assert session.run.timeline.parameters_at(-1) == array(
        "d", session.run.trainer.network.parameters()
    )


def test_a_saved_run_opens_with_its_timeline_to_look_back_on(tmp_path: Path) -> None:
    saved = TrainingSession(make_run(MINI_BATCHES), paused=True)
    saved.skip(30)
    saved.apply(SaveRun(str(tmp_path / "run.json")))
    opened = TrainingSession(make_run(RunConfig()), paused=True)
    opened.apply(LoadRun(str(tmp_path / "run.json")))
    assert opened.run.timeline.steps == list(range(31))
    opened.apply(Scrub(-1, tenth=True))
    assert opened.snapshot().step == 27
    assert opened.snapshot().loss == saved.run.trainer.losses[26]


def test_one_back_from_a_running_long_run_is_the_checkpoint_just_before_now() -> None:
    session = TrainingSession(make_run(RunConfig(hidden=(1,), density=2)), paused=False)
    session.skip(2101)  # past 2048 steps: thinned, a checkpoint every other step
    assert session.run.timeline.spacing == 2 and session.running
    session.apply(Scrub(-1))
    assert not session.running
    steps = session.run.timeline.steps
    assert steps[-1] == 2101 and session.snapshot().step == steps[-2] == 2100
