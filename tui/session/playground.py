"""The training worker in Playground mode: a TensorFlow Playground run, epoch by epoch.

The same loop as the tutorial's run (`SessionLoop`: commands between steps, frames out), around
a `PlaygroundRun` (scratchnet/playground), which computes exactly what the Playground computes
for a URL. One step here is one of the Playground's epochs; the curves and the status line show
its losses over the whole training and test sets after each epoch, as the Playground does.

The keys mean what the Playground's controls mean: `d` the next dataset, `[`/`]` a layer
fewer or more (at most 6, a new one of 2 neurons), `,`/`.` a neuron fewer or more (1 to 8),
`+`/`-` the next of its learning rates, `s` a new seed (new data, as its "regenerate" button).
A change restarts the run as the Playground does: a new run from the changed URL, the one a
browser opens from it. The views that look inside the tutorial's network (neurons, probe,
gradient check, the diagram, the timeline) and saving to a file are the tutorial mode's: here the
run is its URL (`u` copies it).
"""

import math
from dataclasses import replace

from scratchnet.playground import PlaygroundRun, PlaygroundState
from scratchnet.playground.settings import PLAYGROUND_SETTING, PLAYGROUND_SETTINGS
from scratchnet.playground.state import (
    DATASETS,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    NEW_DATA_FIELDS,
    NEW_LAYER_NEURONS,
    REG_DATASETS,
    new_seed,
)
from scratchnet.settings import SETTING
from tui.levels import levels, on_colour_scale
from tui.session import changes
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    ChangeSettings,
    ClimbLadder,
    Command,
    NextChoice,
    RemoveLayer,
    Reset,
    ResizeLayer,
    SetGridSize,
    SetPlotWidth,
    StepOnce,
    ToggleFeature,
    TogglePause,
)
from tui.session.frames import downsample
from tui.session.loop import SessionLoop
from tui.snapshot import Grid, Notice, Snapshot

DOMAIN = 6.0  # the Playground draws on [-6, 6]²
# As the browser's Playground, which runs an epoch per animation frame: about 60 a second.
PLAYGROUND_SPEED = 50.0
NOT_HERE = (
    "not in Playground mode: it looks inside the tutorial's network (start without --playground)"
)


class PlaygroundSession(SessionLoop):
    """Trains one Playground run, an epoch a step, applying commands between epochs."""

    def __init__(
        self,
        state: PlaygroundState,
        fps: float = 8.0,
        paused: bool = False,
        speed: float = PLAYGROUND_SPEED,
    ) -> None:
        """`speed`: epochs a second to train at (math.inf: as fast as it goes)."""
        super().__init__(fps, paused)
        self.config = state
        self._speed = speed
        self.playground = PlaygroundRun(state)
        self._ghost: tuple[str, tuple[tuple[int, float], ...]] | None = None
        self._started_with = state
        self._points = self._drawn(self.playground.train_points)
        self._test_points = self._drawn(self.playground.test_points)

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def steps(self) -> int:
        return self.playground.epoch

    @property
    def diverged(self) -> bool:
        return not math.isfinite(self.playground.train_loss)

    def train_step(self) -> None:
        self.playground.step_epoch()

    # -- commands ------------------------------------------------------------------------------

    def apply(self, command: Command) -> None:
        match command:
            case TogglePause():
                self.running = not self.running
                self._pause_changed()
            case StepOnce():
                self.running = False
                self._pause_changed()
                self.train_step()
            case Reset():
                self._restart(self.config)
            case ChangeSettings(settings):
                self.change_settings(dict(settings))
            case SetGridSize(columns, rows):
                self.frames.grid_size = (max(1, columns), max(1, rows))
                self.frames.stale = True
            case SetPlotWidth(width):
                self.frames.plot_points = max(2, 2 * width)
                self.frames.stale = True
            case ClimbLadder("speed", direction):
                resolved = changes.climb(SETTING["speed"], self._speed, direction)
                if isinstance(resolved, str):
                    self.publish(Notice(resolved))
                else:
                    rung = resolved["speed"]
                    assert isinstance(rung, float)
                    self._speed = rung
                    self._step_due = 0.0  # the new speed counts from now
            case (
                AddLayer()
                | RemoveLayer()
                | ResizeLayer()
                | ToggleFeature()
                | NextChoice()
                | ClimbLadder()
                | ChangeSeed()
            ):
                resolved = self.resolve(command)
                if isinstance(resolved, str):
                    self.publish(Notice(resolved))
                else:
                    self.change_settings(resolved)
            case _:
                name = type(command).__name__
                if name not in ("Stop", "SetProbe", "SetNeuronView", "ShowNeuron"):
                    self.publish(Notice(f"{_what(name)} is {NOT_HERE}", error=True))

    def resolve(self, command: changes.KeyChange) -> changes.Changes | str:
        """A key's change, by the Playground's rules, against the state the run has now."""
        state = self.config
        shape = state.network_shape
        match command:
            case AddLayer():
                if len(shape) >= MAX_HIDDEN_LAYERS:
                    return f"The Playground has at most {MAX_HIDDEN_LAYERS} hidden layers."
                return {"network_shape": (*shape, NEW_LAYER_NEURONS)}
            case RemoveLayer(at):
                return changes.remove_layer(shape, at, "network_shape")
            case ResizeLayer(layer, change):
                limit = "A Playground layer has 1 to {most} neurons."
                return changes.resize_layer(
                    shape, layer, change, MAX_NEURONS, "network_shape", limit
                )
            case ToggleFeature(name):
                return changes.toggle_feature(state.features, name)
            case NextChoice(name):
                if name == "dataset_name":
                    regression = state.problem == "regression"
                    key, choices = (
                        ("reg_dataset", REG_DATASETS) if regression else ("dataset", DATASETS)
                    )
                    return {key: changes.next_in(choices, getattr(state, key))}
                setting = PLAYGROUND_SETTING[name]
                return {name: changes.next_in(setting.choices, setting.text(getattr(state, name)))}
            case ClimbLadder(name, direction):
                return changes.climb(PLAYGROUND_SETTING[name], getattr(state, name), direction)
            case ChangeSeed():
                return {"seed": new_seed()}  # the Playground's seeds are not in a row: a new one
        return "Not a Playground change."

    def change_settings(self, settings: dict[str, object]) -> None:
        """New settings, by the Playground's rules: the learning rate goes on; anything else
        starts the run again, and a change of data (dataset, noise, training share, problem)
        draws new points under a new seed, as the Playground's page does."""
        unknown = [name for name in settings if name not in PLAYGROUND_SETTING]
        if unknown:
            self.publish(Notice(f"unknown Playground setting: {', '.join(unknown)}", error=True))
            return
        try:
            checked = {name: PLAYGROUND_SETTING[name].check(v) for name, v in settings.items()}
            state = replace(self.config, **checked)
        except ValueError as error:
            self.publish(Notice(str(error), error=True))
            return
        changed = [
            s.name
            for s in PLAYGROUND_SETTINGS
            if getattr(state, s.name) != getattr(self.config, s.name)
        ]
        if not changed:
            return
        if all(PLAYGROUND_SETTING[name].live for name in changed):
            self.config = state
            self.playground.set_learning_rate(state.learning_rate)
            self.frames.stale = True
            return
        if any(name in NEW_DATA_FIELDS for name in changed) and "seed" not in settings:
            state = replace(state, seed=new_seed())
        self._restart(state)

    def _restart(self, state: PlaygroundState) -> None:
        """A new run from `state`; the one before stays on the plot as a ghost."""
        if self.playground.epoch:
            curve = downsample(self.playground.train_losses[1:], self.frames.plot_points)
            self._ghost = (difference(self._started_with, state), curve)
        self.config = self._started_with = state
        self.playground = PlaygroundRun(state)
        self._points = self._drawn(self.playground.train_points)
        self._test_points = self._drawn(self.playground.test_points)
        self._pause_changed()

    # -- frames --------------------------------------------------------------------------------

    def snapshot(self, picture: bool = True) -> Snapshot:
        run, frames = self.playground, self.frames
        if picture:
            frames.refresh_curves(
                run.train_losses[1:],
                run.test_losses[1:],
                lambda: (run.train_accuracy(), run.test_accuracy()),
                True,
            )
            frames.refresh_picture(self._picture)
            frames.stale = False
        train_accuracy, test_accuracy = frames.accuracy
        return Snapshot(
            step=run.epoch,
            loss=run.train_loss,
            config=self.config,
            state=self.state,
            steps_per_second=self.steps_per_second if self.running else 0.0,
            losses=frames.curve,
            grid=frames.grid,
            points=self._points,
            epoch=run.epoch,
            test_loss=run.test_loss,
            train_accuracy=train_accuracy,
            test_accuracy=test_accuracy,
            test_losses=frames.test_curve,
            test_points=self._test_points,
            ghost=self._ghost,
            domain=DOMAIN,
            url=self.config.url(),
            per_epoch=True,
            speed=self._speed,
        )

    def _picture(self, previous: Grid | None) -> Grid:
        """The output over [-6, 6]² on the Playground's scale: -1 orange, 0 white, 1 blue."""
        columns, rows = self.frames.grid_size
        xs = [-DOMAIN + 2 * DOMAIN * (c + 0.5) / columns for c in range(columns)]
        ys = [DOMAIN - 2 * DOMAIN * (r + 0.5) / rows for r in range(rows)]
        outputs = self.playground.predictions([(x, y) for y in ys for x in xs])
        surface = [outputs[r * columns : (r + 1) * columns] for r in range(rows)]
        return levels(surface, previous, squash=on_colour_scale)

    @staticmethod
    def _drawn(points: list[tuple[float, float, float]]) -> tuple[tuple[float, float, float], ...]:
        """Points as the picture draws them: a label of -1 orange, 1 blue, on the 0-to-1 scale."""
        return tuple((x, y, on_colour_scale(label)) for x, y, label in points)


def difference(before: PlaygroundState, after: PlaygroundState) -> str:
    """How the run `before` differed from `after`, in short words: "lr 0.3, hidden 4,2"."""
    words = [
        f"{s.short} {s.text(getattr(before, s.name))}"
        for s in PLAYGROUND_SETTINGS
        if getattr(before, s.name) != getattr(after, s.name)
    ]
    return ", ".join(words) or "previous run"


def _what(command_name: str) -> str:
    """A command's name in words: "SaveRun" -> "save run"."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in command_name).strip()
    return words[0].upper() + words[1:]
