"""The training session behind the app: one run, of either kind, trained and steered.

A `TrainingSession` owns the run it trains, through the run contract only (scratchnet/run.py):
the tutorial's run and a TensorFlow Playground run are trained, steered, looked into, kept and
shown the same way, each in its own arithmetic. It runs in the `SessionLoop` (loop.py: commands
between steps, the pace, the GIL hand-over) and answers every command between two steps, to
the run it has then: keys are relative changes (`changes.py`), settings change by the run's own
rules (`Run.change_settings`, which says whether the run goes on or starts again), the diagram's
edits go to `Run.set_parameter` (`edits.py`), a gradient check runs a few parameters a turn
(`gradient_check.py`), files are the run's own (`files.py`), and looking back along the run's
timeline is `lookback.py`. Every few steps it measures the run's health (`health_watch.py`):
the figures, the line that says what is wrong, the diagram's marks. A run it leaves (a reset,
a load, a fork) stays on the plot as a ghost (`ghost.py`). Each frame is one `Snapshot`, made
by `snapshot` below.
"""

import math
import time
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from scratchnet.datasets import Sample
from scratchnet.modes import make_run
from scratchnet.run import Losses, Run, Settings, described, losses_now
from scratchnet.settings import SETTING
from tui.drawing.levels import output_scale
from tui.session import changes, commands
from tui.session.frames import has_neuron
from tui.session.ghost import Ghost, difference, ghost_of
from tui.session.gradient_check import RunningCheck
from tui.session.health_watch import HealthWatch, marks_of
from tui.session.lookback import LookBack
from tui.session.loop import SessionLoop
from tui.snapshot import Notice, Snapshot, State

# The pace of a run whose settings hold no speed (a Playground URL has none): about the
# browser's Playground, which runs an epoch per animation frame.
PACE = 50.0


class TrainingSession(SessionLoop):
    """Trains one run (`run`, any `scratchnet.run.Run`), applying commands between steps."""

    def __init__(
        self, run: Run, fps: float = 8.0, paused: bool = False, speed: float = PACE
    ) -> None:
        """`speed`: steps a second for a run whose settings hold no speed of their own (the
        tutorial's do: its `speed` setting); math.inf is as fast as it goes."""
        super().__init__(fps, paused)
        self.run = run
        self._pace = speed
        self._points, self._test_points = drawn(run)
        self._ghost: Ghost | None = None
        self._started_with = run.settings  # the settings this run began with, to label its ghost
        self.edits: list[int] = []  # the steps where the diagram changed a weight or bias
        self.look = LookBack()
        self.check: RunningCheck | None = None  # the gradient check in progress (`g`)
        self.health = HealthWatch(run)  # its figures every few steps, and the line to show
        self._described: tuple[Settings, str] | None = None  # the words for these settings
        # After a weight set by hand: the run, its step, and its losses as the edit left it.
        self._edited: tuple[Run, int, float, float | None] | None = None

    def identity(self) -> str:
        """What the run is, in words (`described`), worked out again only when its settings
        change: every frame carries them."""
        settings = self.run.settings
        if self._described is None or self._described[0] is not settings:
            self._described = settings, described(self.run)
        return self._described[1]

    @property
    def config(self) -> Settings:
        """The run's settings."""
        return self.run.settings

    @property
    def steps(self) -> int:
        return self.run.steps

    @property
    def diverged(self) -> bool:
        return self.run.diverged

    @property
    def speed(self) -> float:
        """The run's own speed setting if it has one, else the session's pace."""
        if self._has_setting("speed"):  # the tutorial's settings hold it; a Playground URL not
            speed: float = getattr(self.run.settings, "speed")  # noqa: B009
            return speed
        return self._pace

    def _has_setting(self, name: str) -> bool:
        return any(setting.name == name for setting in self.run.settings_table)

    @property
    def state(self) -> State:
        if self.look.replaying:
            return "replaying"
        if self.look.viewing is not None:
            return "paused"  # looking back pauses training, even a run that diverged later
        return super().state

    def train_step(self) -> None:
        """One step, and a checkpoint of it on the run's timeline when one is due; its health
        measured when a measurement is due."""
        self.run.step()
        if self.health.after_step(self.run):
            self._health_changed()

    def _health_changed(self) -> None:
        """A new measurement, or none yet: the diagram marks what it found, at once."""
        marks = marks_of(self.health.frame.last)
        if marks != self.frames.marks:
            self.frames.marks = marks
            self.frames.diagram_stale = True

    # -- commands ------------------------------------------------------------------------------

    def apply(self, command: commands.Command) -> None:
        """Change the run as the command says (called between two steps)."""
        frames, look = self.frames, self.look
        match command:
            case commands.TogglePause():
                if look.replaying:  # stop the replay where it is, to look around or go on
                    look.replaying = False
                    frames.stale = True
                elif look.viewing is not None:
                    self._fork()
                    self.running = True
                    self._pause_changed()
                else:
                    self.running = not self.running
                    self._paused()
            case commands.StepOnce():
                self._fork()
                self.running = False
                self.train_step()
                self._paused()
            case commands.Scrub(direction, tenth):
                self._stop_to_look()
                look.scrub(self.run, direction, tenth)
                frames.stale = True
            case commands.ScrubTo(end):
                self._stop_to_look()
                look.replaying = False
                look.look_at(self.run, None if end else 0)
                frames.stale = True
            case commands.Replay():
                self._replay()
            case commands.Reset():
                self._restart()
            case commands.ClimbLadder("speed", direction) if not self._has_setting("speed"):
                self._climb_pace(direction)
            case commands.AddLayer() | commands.RemoveLayer() | commands.ResizeLayer():
                self._resolve(command)
            case commands.ToggleFeature() | commands.NextChoice() | commands.ClimbLadder():
                self._resolve(command)
            case commands.ChangeSeed():
                self._resolve(command)
            case commands.ChangeSettings(settings):
                self.change_settings(dict(settings))
            case commands.ToggleView(name):
                self.run.set_view(
                    replace(self.run.view, **{name: not getattr(self.run.view, name)})
                )
            case _:
                self._apply_to_frames_or_files(command)

    def _apply_to_frames_or_files(self, command: commands.Command) -> None:
        """The commands about what frames show, the diagram's edits, the check and files."""
        frames = self.frames
        match command:
            case commands.SetGridSize(columns, rows):
                frames.grid_size = (max(1, columns), max(1, rows))
                frames.stale = True
            case commands.SetPlotWidth(width):
                frames.plot_points = max(2, 2 * width)
                frames.stale = True
            case commands.SetProbe(point):
                frames.probe_at = point
            case commands.SetNeuronView(on):
                frames.neuron_view = on
                frames.stale = True
            case commands.SetDiagramView(on):
                frames.show_diagram(on)
            case commands.SetDiagramSize(columns, rows, width, height):
                frames.diagram_size = (max(1, columns), max(1, rows))
                frames.diagram_pane = (max(1, width), max(1, height))
                frames.diagram_stale = True
            case commands.NudgeParameter() | commands.SetParameter():
                self.edit(command)
            case commands.ShowNeuron(neuron):
                shown = neuron is not None and has_neuron(self.run, neuron)
                frames.shown_neuron = neuron if shown else None
                frames.stale = True
            case commands.CheckGradients():
                self._check_gradients()
            case commands.StopGradientCheck():
                self._stop_check()
            case commands.SaveRun(path, replace_foreign):
                from tui.session import files  # the file code, when first used: see `_load`

                self.publish(files.save(self.run, path, replace_foreign))
            case commands.ExportLosses(path, replace_foreign):
                from tui.session import files

                self.publish(files.export(self.run, path, replace_foreign))
            case commands.LoadRun(path):
                self._load(path)
            case commands.Stop():
                pass

    def edit(self, command: commands.NudgeParameter | commands.SetParameter) -> None:
        """A weight or a bias set by hand from the diagram, now, between two steps; the next
        frame shows it at once, and the timeline marks the step. Refused (a one-line notice) if
        the cursor points at nothing. Looking back, the run first goes on from the checkpoint
        shown (a fork), so the edit is made to the network on screen. The edits' code (the
        diagram's) is imported here, when first used: the first frame needs none of it."""
        from tui.session import edits

        self._fork()
        done = edits.apply(command, self.run)
        if done.error:
            self.publish(done)
            return
        self.frames.stale = True
        self.edits.append(self.run.steps)  # the timeline bar marks it
        self._edited = (self.run, self.run.steps, *losses_now(self.run))

    def losses_shown(self, shown: Run) -> tuple[float, float | None] | None:
        """The losses of the network on screen after a weight set by hand since its last step
        (the step's own were measured before the edit); None when the step's are right."""
        edited = self._edited
        if edited is None or edited[0] is not shown or edited[1] != shown.steps:
            return None
        return edited[2], edited[3]

    def _resolve(self, command: changes.KeyChange) -> None:
        """A key's relative change, worked out against the run as it is now."""
        resolved = changes.resolve(command, self.run)
        if isinstance(resolved, str):
            self.publish(Notice(resolved))
        else:
            self.change_settings(resolved)

    def change_settings(self, settings: dict[str, object]) -> None:
        """New settings, by the run's own rules: it goes on (a live setting), or a new run
        starts from them, the old one kept as a ghost. A value the run refuses (a setting its
        dataset does not use, one not in its lists) gets a one-line notice and changes nothing.
        """
        speed, before = self.speed, self.run.settings
        try:
            run = self.run.change_settings(settings)
        except ValueError as error:
            self.publish(Notice(str(error), error=True))
            return
        if run is not self.run:
            self._replace_run(run)
            return
        if self.speed != speed:
            self._step_due = 0.0  # the new speed counts from now
        changed = {
            name for name in settings if getattr(before, name) != getattr(run.settings, name)
        }
        if changed - {"speed"}:  # how it learns changed: the line is about the run from now on
            self.health.start(run, keep_history=True)
        self.frames.stale = True

    def _climb_pace(self, direction: int) -> None:
        """`<` and `>` for a run that has no speed setting: the session's own pace."""
        resolved = changes.climb(SETTING["speed"], self._pace, direction)
        if isinstance(resolved, str):
            self.publish(Notice(resolved))
            return
        rung = resolved["speed"]
        assert isinstance(rung, float)
        self._pace = rung
        self._step_due = 0.0  # the new speed counts from now

    def _restart(self) -> None:
        """`r`: a new run from the same settings (new weights from the seed), shown as this
        one is; this one stays as a ghost."""
        try:
            run = make_run(self.run.settings)
        except ValueError as error:  # settings that cannot make a run: keep the one we have
            self.publish(Notice(str(error), error=True))
            return
        run.set_view(self.run.view)
        self._replace_run(run)

    def _load(self, path: str) -> None:
        """Continue a saved run, of either kind, exactly where it was; the run it replaces
        stays as a ghost. The file code (and the run files' reading) is imported here, when first
        used: the first frame needs none of it."""
        from tui.session import files

        run = files.load(path)
        if isinstance(run, Notice):
            self.publish(run)
            return
        self._replace_run(run)
        self.publish(files.loaded(path, run))

    def _replace_run(self, run: Run) -> None:
        """Go on with another run (fresh or loaded); the one it replaces becomes the ghost."""
        self._stop_check(": the run began again")  # its report would be of a network gone
        if self.run.steps:
            label = difference(self.run.settings_table, self._started_with, run.settings)
            self._ghost = ghost_of(self.run, label, self.frames.plot_points)
        self.run = run
        self._started_with = run.settings
        self._points, self._test_points = drawn(run)
        self.edits = []
        self.look.clear()
        self.health.start(run)
        self._health_changed()
        self._pause_changed()
        shown = self.frames.shown_neuron
        if shown is not None and not has_neuron(run, shown):
            self.frames.shown_neuron = None

    # -- the gradient check --------------------------------------------------------------------

    def _check_gradients(self) -> None:
        """Begin a check of backprop against central differences on the training set, with the
        run's penalty, in the run's own arithmetic; or stop the one in progress (`g` twice).

        It runs here, in the worker, a few parameters a turn between two steps (see `advance`
        and `RunningCheck`): the keys, the frames and training go on meanwhile, and it shows
        how far it has got.
        """
        if self.check is not None:
            self._stop_check()
            return
        self.check = RunningCheck(self.run)
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

    # -- the timeline: looking back, replaying, going on from the past -------------------------

    def _paused(self) -> None:
        """Training stopped (or went on): when it stopped, keep the present on the timeline, so
        that looking back can come back to exactly here."""
        if not self.running:
            self.run.keep_present()
        self._pause_changed()

    def _stop_to_look(self) -> None:
        """Pause training, with the present on the timeline, before looking back."""
        if self.running:
            self.running = False
            self._paused()
        else:
            self.run.keep_present()

    def _replay(self) -> None:
        """Show the run again from its first checkpoint on, at the run's speed (see `advance`)."""
        self._stop_to_look()
        if not self.look.replay(self.run):
            self.publish(Notice("Nothing to replay yet: the run has one step on its timeline."))
        self.frames.stale = True

    def _fork(self) -> None:
        """Go on from the checkpoint shown, if it is in the past: the run goes back there, and
        the future it leaves stays on the plot as a ghost, labelled by what changed since the
        run was paused to look back (the learning rate, say), or else by where it forked."""
        viewed_with = self.look.viewed_with

        def leaving(step: int) -> None:
            same = f"before fork at step {step}"
            before = self.config if viewed_with is None else viewed_with
            label = difference(self.run.settings_table, before, self.config, same)
            self._ghost = ghost_of(self.run, label, self.frames.plot_points)
            self.edits = [edited for edited in self.edits if edited <= step]

        if self.look.viewing is not None:
            self.look.fork(self.run, leaving)
            self.health.start(self.run)  # its measurements were of the future it left
            self._health_changed()
            self.frames.stale = True

    def rest(self) -> float | None:
        if self.check is not None:
            return 0.0  # a gradient check has work to do between two steps
        if self.look.replaying:
            return max(0.0, self._frame_due - time.perf_counter())
        return super().rest()

    def advance(self) -> None:
        """Train (see `SessionLoop.advance`), or while replaying, show the next frame of it.

        A gradient check in progress goes first: a turn of it (see `RunningCheck`), then
        training or the replay as usual; with neither, a frame when due shows its progress.
        """
        if self.check is not None:
            self._check_a_turn()
        if self.look.replaying:
            now = time.perf_counter()
            if now >= self._frame_due:
                self._frame_due = now + 1.0 / self.frames.fps
                self.look.replay_on(self.run, self.speed, 1.0 / self.frames.fps)
                self.frames.stale = True
                self.publish(self.snapshot())
        elif self.running and not self.diverged:
            super().advance()
        else:
            self.publish_when_due(picture=False)  # only the check moves: how far it has got

    # -- frames --------------------------------------------------------------------------------

    def snapshot(self, picture: bool = True) -> Snapshot:
        """A frozen copy of what the app shows now: the one frame builder of every run.

        The picture and the loss curve are made again only when due (see `FrameBuilder`), and
        only if `picture`; otherwise the snapshot carries the previous ones, which the widgets
        skip. Looking back at a checkpoint, everything but the curves is the run as it was
        there: the picture, the neurons, the probe, the step, the losses and the accuracies.
        """
        run, frames = self.run, self.frames
        shown = self.look.on_screen(run)
        if picture:
            frames.refresh(run, shown)
        train_accuracy, test_accuracy = frames.accuracy
        loss, test_loss = shown.loss, shown.test_loss
        epoch_loss, epoch_test_loss = math.nan, None if test_loss is None else math.nan
        probe = frames.probe(shown)
        activations = () if probe is None else tuple(layer.activation for layer in shown.layers())
        if frames.per_epoch:
            epoch_loss, epoch_test_loss = after_epoch(run.losses(), shown.epoch, test_loss)
        edited = self.losses_shown(shown)
        if edited is not None:  # a weight set by hand: the network's losses as it is now
            loss, test_loss = edited
            if frames.per_epoch:
                epoch_loss, epoch_test_loss = edited
        return Snapshot(
            step=shown.steps,
            loss=loss,
            config=run.settings,
            speed=self.speed,
            state=self.state,
            steps_per_second=self.steps_per_second if self.running else 0.0,
            losses=frames.curve,
            grid=frames.grid,
            points=self._points,
            epoch=shown.epoch,
            test_loss=test_loss,
            train_accuracy=train_accuracy,
            test_accuracy=test_accuracy,
            test_losses=frames.test_curve,
            per_epoch=frames.per_epoch,
            epoch_loss=epoch_loss,
            epoch_test_loss=epoch_test_loss,
            test_points=self._test_points,
            ghost=self._ghost,
            timeline=self.look.view(run, tuple(self.edits)),
            probe=probe,
            activations=activations,
            neurons=frames.neurons if frames.neuron_view else (),
            shown_neuron=frames.shown_neuron,
            diagram=frames.diagram if frames.diagram_view else None,
            gradient_check=None if self.check is None else self.check.progress,
            domain=run.domain,
            url=run.url,
            unit=run.unit,
            table=run.settings_table,
            repeat=run.repeat(),
            view=run.view,
            dataset=str(getattr(run.settings, run.dataset_setting)),
            health=self.health.frame,
            identity=self.identity(),
        )


def after_epoch(losses: Losses, epoch: int, test_loss: float | None) -> tuple[float, float | None]:
    """The whole sets' losses measured after `epoch` (per-epoch `losses`); NaN for an epoch
    not measured (not ended yet), the test one None without a test set (`test_loss` None)."""
    at = losses.at or ()
    i = bisect_left(at, epoch)
    measured = i < len(at) and at[i] == epoch
    train = losses.train[i] if measured else math.nan
    if test_loss is None:
        return train, None
    return train, losses.test[i] if measured and i < len(losses.test) else math.nan


def drawn(run: Run) -> tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    """The run's training and test points as the picture draws them: each label on the 0-to-1
    colour scale, from the run's `output_low` (orange) to its `output_high` (blue)."""
    scale = output_scale(run.domain)

    def scaled(points: Sequence[Sample]) -> tuple[Sample, ...]:
        return tuple((x, y, min(1.0, max(0.0, scale(label)))) for x, y, label in points)

    return scaled(run.train_points), scaled(run.test_points)
