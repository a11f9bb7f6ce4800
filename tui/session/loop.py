"""The training loop behind the app: commands in, frames and events out.

A `TrainingSession` owns the run. It runs in one thread (the app's worker); everything else
talks to it through `send`, a thread-safe queue of commands (`commands.py`) that it applies
between two training steps, to the run it has then. It publishes frozen frames (`Snapshot`s)
at most `fps` times a second, and right after a command, so a key press shows at once; one-off
events (a `Notice`, a `GradientReport`) are published once, on their own. Nothing here imports
Textual: the tests and the benchmarks drive the same loop with a plain function as publisher.

A run trains at its speed (steps a second, or max), resting on the command queue between steps.
The tutorial's run keeps a timeline of checkpoints (`scratchnet.timeline`): looking back shows
the run as it was at one, from a scratch network; a replay shows them one after the other; going
on from one (a fork) puts the run back there, the future it leaves kept as a ghost curve.
"""

import math
import queue
import threading
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import replace

from scratchnet.config import RunConfig
from scratchnet.network import Network
from scratchnet.settings import SETTING, SETTINGS, unused_by
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer
from scratchnet.trainer_state import TrainerState
from tui.session import changes, edits, files
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    ChangeSettings,
    CheckGradients,
    ClimbLadder,
    Command,
    ExportLosses,
    LoadRun,
    NextChoice,
    NudgeParameter,
    RemoveLayer,
    Replay,
    Reset,
    ResizeLayer,
    SaveRun,
    Scrub,
    ScrubTo,
    SetDiagramSize,
    SetDiagramView,
    SetGridSize,
    SetNeuronView,
    SetParameter,
    SetPlotWidth,
    SetProbe,
    ShowNeuron,
    StepOnce,
    Stop,
    StopGradientCheck,
    ToggleFeature,
    TogglePause,
)
from tui.session.frames import FrameBuilder, has_neuron, run_curve
from tui.session.gradient_check import RunningCheck
from tui.snapshot import Event, Notice, Snapshot, State, TimelineView

GIL_SLICE = 0.005  # seconds of training between two voluntary hand-overs of the GIL
AFTER_COMMAND = 0.02  # seconds the worker stands aside after a key, so the UI shows it at once
CATCH_UP = 0.25  # at a set speed, a worker that fell behind makes up at most this many seconds
TIMELINE_BYTES = 8 * 2**20  # a timeline keeps at most about this much of weights and biases
MOST_CHECKPOINTS = 2048  # and at most this many checkpoints (the Timeline's default)
REPLAY_AT_MAX = 5.0  # seconds a replay at max speed takes, whatever the run's length

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
    go on (`diverged`), how far it is (`steps`), how to apply a command and what a frame shows.
    `TrainingSession` is the tutorial's run; `PlaygroundSession` (playground.py) the Playground's.
    """

    def __init__(self, fps: float = 8.0, paused: bool = False) -> None:
        self.running = not paused
        self.commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self.frames = FrameBuilder(fps)
        self.rate = StepRate()
        self.steps_per_second = 0.0
        self.stopping = threading.Event()
        self.finished = threading.Event()  # set when `run` has returned: the network is free
        self.publish: Publish = lambda event: None  # `run` sets the real one
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
        """Queue a command; safe from any thread."""
        if isinstance(command, Stop):
            self.stopping.set()
        self.commands.put(command)

    def skip(self, steps: int) -> None:
        """Train `steps` steps before the first frame (`--skip-to`), stopping early on Stop."""
        for _ in range(steps):
            if self.diverged or self.stopping.is_set():
                return
            self.train_step()

    def run(self, publish: Publish) -> None:
        """Train until `Stop`, publishing frames and events. Blocks, using no CPU, while idle."""
        self.publish = publish
        try:
            self._run()
        finally:
            self.finished.set()

    def _run(self) -> None:
        self.publish(self.snapshot())
        while True:
            command = self._next_command(self.rest())
            if command is not None:
                if not self._apply_commands(command):
                    return
                # The status line first, so the key shows at once; then the new picture.
                more = self.frames.stale or self.frames.diagram_stale
                self.publish(replace(self.snapshot(picture=False), pending=more))
                time.sleep(AFTER_COMMAND)
                if more:
                    self.publish(self.snapshot())
                continue
            self.advance()

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


class TrainingSession(SessionLoop):
    """Trains the tutorial's run (a `RunConfig` and its `Trainer`), applying commands between
    steps."""

    def __init__(
        self,
        config: RunConfig,
        fps: float = 8.0,
        paused: bool = False,
        trainer: Trainer | None = None,
        timeline: Timeline | None = None,
    ) -> None:
        """`trainer`, when given, is a run to go on with (a loaded one) made from `config`;
        `timeline`, its past (a saved run's), else the timeline starts at its present."""
        super().__init__(fps, paused)
        self.config = config
        self.trainer: Trainer = trainer or config.trainer()
        self._points = tuple(self.trainer.dataset)
        self._test_points = tuple(self.trainer.test_set)
        self._ghost: tuple[str, tuple[tuple[int, float], ...]] | None = None
        self._started_with = config  # the settings this run began with, to label its ghost
        self.timeline = new_timeline(self.trainer) if timeline is None else timeline
        self.edits: list[int] = []  # the steps where the diagram changed a weight or bias
        # Looking back: the checkpoint shown (None: the present), drawn from a scratch network
        # so that the run itself is never touched until it goes on from there (a fork).
        self.viewing: int | None = None
        self.replaying = False
        self._shown: Network | None = None
        self._shown_state: TrainerState | None = None
        self._viewed_with = config  # the settings when looking back began: a fork's label
        self._replay_step = 0.0  # the step a replay has reached (between checkpoints)
        self._replay_clock = 0.0
        self.check: RunningCheck | None = None  # the gradient check in progress (`g`)

    @property
    def steps(self) -> int:
        return self.trainer.steps

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged

    @property
    def speed(self) -> float:
        return self.config.speed

    @property
    def state(self) -> State:
        if self.replaying:
            return "replaying"
        if self.viewing is not None:
            return "paused"  # looking back pauses training, even a run that diverged later
        return super().state

    def train_step(self) -> None:
        """One step, and a checkpoint of it on the timeline when one is due (nearly free when
        not: `Timeline.record` compares two numbers)."""
        trainer = self.trainer
        trainer.step()
        self.timeline.record(trainer)

    # -- commands ------------------------------------------------------------------------------

    def apply(self, command: Command) -> None:
        """Change the run as the command says (called between two steps)."""
        frames = self.frames
        match command:
            case TogglePause():
                if self.replaying:  # stop the replay where it is, to look around or go on
                    self.replaying = False
                    frames.stale = True
                elif self.viewing is not None:
                    self._fork()
                    self.running = True
                    self._pause_changed()
                else:
                    self.running = not self.running
                    self._paused()
            case StepOnce():
                self._fork()
                self.running = False
                self.train_step()
                self._paused()
            case Scrub(direction, tenth):
                self._scrub(direction, tenth)
            case ScrubTo(end):
                self.replaying = False
                self._look_at(None if end else 0)
            case Replay():
                self._replay()
            case Reset():
                self._reset(self.config)
            case AddLayer() | RemoveLayer() | ResizeLayer() | ToggleFeature():
                self._resolve(command)
            case NextChoice() | ClimbLadder() | ChangeSeed():
                self._resolve(command)
            case ChangeSettings(settings):
                self.change_settings(dict(settings))
            case SetGridSize(columns, rows):
                frames.grid_size = (max(1, columns), max(1, rows))
                frames.stale = True
            case SetPlotWidth(width):
                frames.plot_points = max(2, 2 * width)
                frames.stale = True
            case SetProbe(point):
                frames.probe_at = point
            case SetNeuronView(on):
                frames.neuron_view = on
                frames.stale = True
            case SetDiagramView(on):
                frames.show_diagram(on)
            case SetDiagramSize(columns, rows, width, height):
                frames.diagram_size = (max(1, columns), max(1, rows))
                frames.diagram_pane = (max(1, width), max(1, height))
                frames.diagram_stale = True
            case NudgeParameter() | SetParameter():
                self.edit(command)
            case ShowNeuron(neuron):
                shown = neuron is not None and has_neuron(self.trainer, neuron)
                frames.shown_neuron = neuron if shown else None
                frames.stale = True
            case CheckGradients():
                self._check_gradients()
            case StopGradientCheck():
                self._stop_check()
            case SaveRun(path, replace_foreign):
                saved = files.save(path, self.config, self.trainer, self.timeline, replace_foreign)
                self.publish(saved)
            case ExportLosses(path, replace_foreign):
                self.publish(files.export(path, self.trainer, replace_foreign))
            case LoadRun(path):
                self._load(path)
            case Stop():
                pass

    def edit(self, command: NudgeParameter | SetParameter) -> None:
        """A weight or a bias set by hand from the diagram, now, between two steps; the next
        frame shows it at once. Refused (a one-line notice) if the cursor points at nothing.
        Looking back, the run first goes on from the checkpoint shown (a fork), so the edit is
        made to the network on screen."""
        self._fork()
        done = edits.apply(command, self.trainer.network, self.trainer.features)
        if done.error:
            self.publish(done)
            return
        self.frames.stale = True
        self.parameter_edited(done.text)

    def parameter_edited(self, what: str) -> None:
        """A weight or bias was just changed by hand (`what` says which, from what to what), at
        the trainer's current step: the timeline marks it as an edit, and its checkpoint of this
        step now holds the edited weights."""
        # The checkpoint of this step had the weights from before: the edited ones replace it.
        self.timeline.truncate_after(self.trainer.steps - 1)
        self.timeline.record_latest(self.trainer)
        self.edits.append(self.trainer.steps)  # the timeline bar marks it

    def _resolve(self, command: changes.KeyChange) -> None:
        """A key's relative change, worked out against the settings the run has now."""
        resolved = changes.resolve(command, self.config)
        if isinstance(resolved, str):
            self.publish(Notice(resolved))
        else:
            self.change_settings(resolved)

    def change_settings(self, settings: dict[str, object]) -> None:
        """New settings: start again if a setting that is not live changed, else go on.

        A setting the (new) dataset does not use is refused with a notice, changing nothing.
        """
        unknown = [name for name in settings if name not in SETTING]
        if unknown:
            self.publish(Notice(f"unknown setting: {', '.join(unknown)}", error=True))
            return
        try:
            config = replace(self.config, **settings)  # type: ignore[arg-type]
        except ValueError as error:
            self.publish(Notice(str(error), error=True))
            return
        unused = unused_by(config.dataset_name, (SETTING[name] for name in settings), flags=False)
        if unused is not None:  # e.g. noise for the grid: it would change nothing
            self.publish(Notice(unused, error=True))
            return
        if any(
            getattr(config, setting.name) != getattr(self.config, setting.name)
            for setting in SETTINGS
            if not setting.live
        ):
            self._reset(config)
            return
        if config.speed != self.config.speed:
            self._step_due = 0.0  # the new speed counts from now
        self.config = config
        for setting in SETTINGS:
            if setting.live and setting.learns:  # the Trainer has attributes of these names
                setattr(self.trainer, setting.name, getattr(config, setting.name))
        self.frames.stale = True

    def _load(self, path: str) -> None:
        """Continue a saved run exactly where it was; the run it replaces stays as a ghost."""
        run = files.load(path)
        if isinstance(run, Notice):
            self.publish(run)
            return
        config, trainer, timeline = run
        self._replace_run(config, trainer, timeline)
        self.publish(files.loaded(path, trainer))

    def _check_gradients(self) -> None:
        """Begin a check of backprop against central differences on the training set, with the
        run's penalty; or stop the one in progress (`g` twice).

        It runs here, in the worker, a few parameters a turn between two steps (see `advance`
        and `RunningCheck`): the keys, the frames and training go on meanwhile, and it shows
        how far it has got.
        """
        if self.check is not None:
            self._stop_check()
            return
        self.check = RunningCheck(self.trainer)
        self.publish(self.check.started())

    def _stop_check(self, why: str = "") -> None:
        """Give up the check in progress, if any, saying how far it got (and `why`)."""
        if self.check is not None:
            self.publish(self.check.stop(why))
            self.check = None

    def _check_a_turn(self) -> None:
        """A turn's worth of the check in progress; its report, and a frame, when it is over."""
        assert self.check is not None
        report = self.check.turn()
        if report is not None:
            self.check = None
            self.publish(report)
            self.publish(self.snapshot(picture=False))  # the progress goes from the status line

    def _reset(self, config: RunConfig) -> None:
        """A fresh run with `config`; the run before it stays on the plot as a ghost."""
        try:
            trainer = config.trainer()
        except ValueError as error:  # settings that cannot make a run: keep the one we have
            self.publish(Notice(str(error), error=True))
            return
        self._replace_run(config, trainer)

    def _replace_run(
        self, config: RunConfig, trainer: Trainer, timeline: Timeline | None = None
    ) -> None:
        """Go on with another run (fresh or loaded); the one it replaces becomes the ghost."""
        self._stop_check(": the run began again")  # its report would be of a network gone
        if self.trainer.steps:
            curve = run_curve(self.trainer, self.frames.plot_points)
            self._ghost = (difference(self._started_with, config), curve)
        self.config, self.trainer = config, trainer
        self._started_with = config
        self._points = tuple(trainer.dataset)
        self._test_points = tuple(trainer.test_set)
        self.timeline = new_timeline(trainer) if timeline is None else timeline
        self.edits = []
        self.viewing, self.replaying, self._shown = None, False, None
        self._pause_changed()
        shown = self.frames.shown_neuron
        if shown is not None and not has_neuron(trainer, shown):
            self.frames.shown_neuron = None

    # -- the timeline: looking back, replaying, going on from the past -------------------------

    def _paused(self) -> None:
        """Training stopped (or went on): when it stopped, keep the present on the timeline, so
        that looking back can come back to exactly here."""
        if not self.running:
            self.timeline.record_latest(self.trainer)
        self._pause_changed()

    def _look_at(self, index: int | None) -> None:
        """Show checkpoint `index` (None, or the present's: the run as it is now).

        Training pauses; the run itself is not touched: the picture, the neurons, the probe and
        the status line's numbers come from a scratch network given the checkpoint's weights.
        """
        self._stop_to_look()
        last = len(self.timeline) - 1
        if index is not None:
            index = min(max(index, 0), last)
            if index == last and self.timeline.steps[last] == self.trainer.steps:
                index = None
        if index is None:
            self.viewing = None
            self.replaying = False
        elif index != self.viewing:
            if self.viewing is None:
                self._viewed_with = self.config
            state = self.timeline.at(index)
            if self._shown is None:
                self._shown = self.trainer.network.copy()
            self._shown.set_parameters(state.parameters)
            self.viewing, self._shown_state = index, state
        self.frames.stale = True

    def _stop_to_look(self) -> None:
        """Pause training, with the present on the timeline, before looking back."""
        if self.running:
            self.running = False
            self._paused()
        else:
            self.timeline.record_latest(self.trainer)

    def _scrub(self, direction: int, tenth: bool) -> None:
        """One checkpoint, or a tenth of the run, back or forward from the one shown."""
        self.replaying = False
        self._stop_to_look()  # first: the present may become a checkpoint
        steps = self.timeline.steps
        here = len(steps) - 1 if self.viewing is None else self.viewing
        if not tenth:
            self._look_at(here + direction)
            return
        span = max(1, (steps[-1] - steps[0]) // 10)
        there = self.timeline.nearest(steps[here] + direction * span)
        if there == here:  # a short run: a tenth is less than one checkpoint
            there = here + direction
        self._look_at(there)

    def _replay(self) -> None:
        """Show the run again from its first checkpoint on, at the run's speed (see `advance`)."""
        self._look_at(0)
        if self.viewing is None:
            self.publish(Notice("Nothing to replay yet: the run has one step on its timeline."))
            return
        self.replaying = True
        self._replay_step = float(self.timeline.steps[0])
        self._replay_clock = time.perf_counter()

    def rest(self) -> float | None:
        if self.check is not None:
            return 0.0  # a gradient check has work to do between two steps
        if self.replaying:
            return max(0.0, self._frame_due - time.perf_counter())
        return super().rest()

    def advance(self) -> None:
        """Train (see `SessionLoop.advance`), or while replaying, show the next frame of it.

        A gradient check in progress goes first: a turn of it (see `RunningCheck`), then
        training or the replay as usual; with neither, a frame when due shows its progress.
        """
        if self.check is not None:
            self._check_a_turn()
        if self.replaying:
            if time.perf_counter() >= self._frame_due:
                self._replay_frame()
        elif self.running and not self.diverged:
            super().advance()
        else:
            self.publish_when_due(picture=False)  # only the check moves: how far it has got

    def _replay_frame(self) -> None:
        """The replay's next frame: the checkpoint it has reached at the run's speed.

        It moves on by the time since its last frame, but never by more than one frame's
        worth: a worker that was held up (a busy machine) shows the next stage late rather
        than skipping stages, so every replay shows the same frames."""
        now = time.perf_counter()
        steps = self.timeline.steps
        speed = self.speed
        if speed == math.inf:
            speed = max(1.0, (steps[-1] - steps[0]) / REPLAY_AT_MAX)
        self._replay_step += min(now - self._replay_clock, 1.0 / self.frames.fps) * speed
        self._replay_clock = now
        self._frame_due = now + 1.0 / self.frames.fps
        if self._replay_step >= steps[-1]:
            self._look_at(None)  # the end: the present again
        else:
            self._look_at(max(0, bisect_right(steps, self._replay_step) - 1))
        self.publish(self.snapshot())

    def _fork(self) -> None:
        """Go on from the checkpoint shown, if it is in the past: the run goes back there, and
        the future it leaves stays on the plot as a ghost, labelled by what changed since the
        run was paused to look back (the learning rate, say), or else by where it forked."""
        index = self.viewing
        self.viewing, self.replaying = None, False
        if index is None:
            return
        step = self.timeline.steps[index]
        if step != self.trainer.steps:
            label = difference(self._viewed_with, self.config, f"before fork at step {step}")
            self._ghost = (label, run_curve(self.trainer, self.frames.plot_points))
            self.timeline.fork(self.trainer, index)
            self.edits = [edited for edited in self.edits if edited <= step]
        self.frames.stale = True

    def _timeline_view(self) -> TimelineView:
        steps = self.timeline.steps
        shown = None if self._shown_state is None or self.viewing is None else self._shown_state
        return TimelineView(
            first=steps[0] if steps else 0,
            last=self.trainer.steps,
            shown=None if shown is None else shown.steps,
            checkpoints=len(steps),
            replaying=self.replaying,
            edits=tuple(self.edits),
        )

    # -- frames --------------------------------------------------------------------------------

    def snapshot(self, picture: bool = True) -> Snapshot:
        """A frozen copy of what the app shows now.

        The picture and the loss curve are made again only when due (see `FrameBuilder`), and
        only if `picture`; otherwise the snapshot carries the previous ones, which the widgets
        skip.

        Looking back at a checkpoint, everything but the curves is the run as it was there: the
        picture, the neurons, the probe, the step, the losses and the accuracies.
        """
        trainer, frames = self.trainer, self.frames
        shown = self._shown if self.viewing is not None else None
        if picture:
            frames.refresh(trainer, shown)
        train_accuracy, test_accuracy = frames.accuracy
        step, loss, epoch, test_loss = trainer.steps, trainer.loss, trainer.epoch, trainer.test_loss
        if shown is not None and self._shown_state is not None:
            step, epoch = self._shown_state.steps, self._shown_state.epoch
            loss = trainer.losses[step - 1] if step else math.nan
            if test_loss is not None:
                test_loss = trainer.test_losses[step - 1] if step else math.nan
        epoch_loss, epoch_test_loss = trainer.losses_after_epoch(epoch)
        return Snapshot(
            step=step,
            loss=loss,
            config=self.config,
            speed=self.speed,
            state=self.state,
            steps_per_second=self.steps_per_second if self.running else 0.0,
            losses=frames.curve,
            grid=frames.grid,
            points=self._points,
            epoch=epoch,
            test_loss=test_loss,
            train_accuracy=train_accuracy,
            test_accuracy=test_accuracy,
            test_losses=frames.test_curve,
            per_epoch=frames.per_epoch,
            epoch_loss=epoch_loss,
            epoch_test_loss=epoch_test_loss,
            test_points=self._test_points,
            ghost=self._ghost,
            timeline=self._timeline_view(),
            probe=frames.probe(trainer, shown),
            neurons=frames.neurons if frames.neuron_view else (),
            shown_neuron=frames.shown_neuron,
            diagram=frames.diagram if frames.diagram_view else None,
            gradient_check=None if self.check is None else self.check.progress,
        )


def difference(before: RunConfig, after: RunConfig, same: str = "previous run") -> str:
    """How the run `before` differed from `after`, in short words: "lr 3, hidden 8,8".

    A run is labelled with the settings it started with, so a learning rate changed halfway and
    then reset shows as the rate the old curve began at. The speed changes nothing learnt, so it
    is left out. `same`: the label when nothing else differs.
    """
    words = [
        f"{setting.short} {setting.text(getattr(before, setting.name))}"
        for setting in SETTINGS
        if setting.learns and getattr(before, setting.name) != getattr(after, setting.name)
    ]
    return ", ".join(words) or same


def new_timeline(trainer: Trainer) -> Timeline:
    """A timeline for the run, its first checkpoint the run as it is now.

    At most MOST_CHECKPOINTS, fewer for a big network, so that its weights and biases stay
    within about TIMELINE_BYTES (8 bytes each): 2048 up to some 500 parameters.
    """
    size = 8 * len(trainer.network.parameters()) + 200  # and about 200 bytes of counts
    capacity = max(16, min(MOST_CHECKPOINTS, TIMELINE_BYTES // size)) // 2 * 2
    timeline = Timeline(capacity)
    timeline.record(trainer)
    return timeline
