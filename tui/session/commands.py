"""What the app asks of the training worker: one small record per request (a NamedTuple).

A key press becomes one of these and goes on the session's queue; the worker applies it between
two steps, to the run it actually has. Keys that change a setting say how to change it
(`NextChoice("dataset_name")`, `ResizeLayer(-1, +1)`), never the new value: keys typed in a
burst, as an SSH connection delivers them, each apply to the run the one before left, not to
whatever the screen showed when they were typed.

Each is a NamedTuple rather than a frozen dataclass: as unchangeable, and made at import some
ten times faster (the thirty frozen dataclasses took about 10 ms of the app's start on a busy
machine). The worker tells them apart by their class (`match`), never with `==`: being tuples,
two commands of different kinds with the same fields compare equal.
"""

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # only named: the diagram's code is imported once it opens
    from tui.drawing.diagram_cursor import Cursor


class TogglePause(NamedTuple):
    """Pause a running session, or resume a paused one."""


class StepOnce(NamedTuple):
    """Pause, then take exactly one training step."""


class Reset(NamedTuple):
    """New weights from the current seed; step 0, empty history."""


class ChangeSeed(NamedTuple):
    """Move the seed by `delta` (never below 0), then reset."""

    delta: int


class ClimbLadder(NamedTuple):
    """Go one rung up (+1) or down (-1) a number setting's ladder (the learning rate's)."""

    name: str
    direction: int


class NextChoice(NamedTuple):
    """The next of a setting's choices, wrapping round: the next dataset, activation, ..."""

    name: str


class AddLayer(NamedTuple):
    """One more hidden layer, as wide as the last (4 for the first); or, with `at`, put in as
    hidden layer `at` (0: the first), as wide as the one before it (the first: as the next)."""

    at: int | None = None


class RemoveLayer(NamedTuple):
    """Take the last hidden layer away; or, with `at`, hidden layer `at` (0: the first)."""

    at: int | None = None


class ResizeLayer(NamedTuple):
    """One neuron more (+1) or fewer (-1) in hidden layer `layer` (-1: the last)."""

    layer: int
    change: int


class ToggleFeature(NamedTuple):
    """Turn one input feature on or off (one must stay on)."""

    name: str


class ToggleView(NamedTuple):
    """Show or hide the test points (`"show_test_data"`), or draw the output in two colours or
    in all its shades (`"discretize"`): kept in the run's view, so in its URL (`t`, `x`)."""

    name: str


class ChangeSettings(NamedTuple):
    """Set settings of the run to these values, by name (its settings table's).

    For values a person chose or typed in the panel or the palette. Whether the run starts
    again is the setting's own (`Setting.live`).
    """

    changes: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, **changes: object) -> "ChangeSettings":
        return cls(tuple(changes.items()))


class SetGridSize(NamedTuple):
    """The prediction pane's size in samples: columns, and rows of half-cells."""

    columns: int
    rows: int


class SetPlotWidth(NamedTuple):
    """The loss plot's width in cells: the history is downsampled to about twice that."""

    width: int


class SetProbe(NamedTuple):
    """Probe the network at (x, y) from now on, or stop probing with None. On a training point
    (exactly: the app sends the point drawn in the cursor's cell), the backward pass too."""

    point: tuple[float, float] | None


class SetNeuronView(NamedTuple):
    """Send every neuron's own picture with each frame (True), or stop (False)."""

    on: bool


class SetDiagramView(NamedTuple):
    """Send the network diagram's frame with each picture (True), or stop (False)."""

    on: bool


class SetDiagramSize(NamedTuple):
    """The diagram's pictures' size in samples: columns, and rows of half-cells; and its pane's
    size in cells, for the worker to count what a frame costs to send."""

    columns: int
    rows: int
    width: int = 58
    height: int = 36


class NudgeParameter(NamedTuple):
    """Move the weight (a link) or the bias (a neuron) under the diagram's cursor one nudge up
    (+1) or down (-1), between two steps, and go on training from there."""

    at: "Cursor"
    direction: int


class SetParameter(NamedTuple):
    """Set the weight (a link) or the bias (a neuron) under the diagram's cursor to `value`."""

    at: "Cursor"
    value: float


class ShowNeuron(NamedTuple):
    """Draw this neuron's output (layer, index) in the main picture, or the network's (None)."""

    neuron: tuple[int, int] | None


class CheckGradients(NamedTuple):
    """Compare backprop's gradients with finite differences for the current network, a few
    parameters at a time between steps; or, while a check runs, stop it (`g` again)."""


class StopGradientCheck(NamedTuple):
    """Stop the gradient check in progress, if there is one (Esc)."""


class SaveRun(NamedTuple):
    """Save the run to a JSON file (atomically: an old file survives a failed save).

    A file there that is not a saved run is refused, unless `replace_foreign`: the user was
    asked, and said yes."""

    path: str
    replace_foreign: bool = False


class LoadRun(NamedTuple):
    """Replace the run with a saved one; a file that is refused leaves the run as it is."""

    path: str


class ExportLosses(NamedTuple):
    """Write the loss history as CSV: step, train loss, test loss.

    A file there that is not such a CSV is refused, unless `replace_foreign` (the user said
    yes)."""

    path: str
    replace_foreign: bool = False


class Scrub(NamedTuple):
    """Look back (-1) or forward (+1) along the run's timeline: by one checkpoint, or by a tenth
    of the run (`tenth`). Training pauses; the run itself stays where it is until it resumes."""

    direction: int
    tenth: bool = False


class ScrubTo(NamedTuple):
    """Look at the run's first checkpoint (`end` False), or come back to its present (True)."""

    end: bool


class Replay(NamedTuple):
    """Replay the run from its first checkpoint to its present at the run's speed, without
    training: the checkpoints are shown one after the other."""


class Stop(NamedTuple):
    """End the session's `work`: the worker stops."""


Command = (
    TogglePause
    | StepOnce
    | Reset
    | ChangeSeed
    | ClimbLadder
    | NextChoice
    | AddLayer
    | RemoveLayer
    | ResizeLayer
    | ToggleFeature
    | ToggleView
    | ChangeSettings
    | SetGridSize
    | SetPlotWidth
    | SetProbe
    | SetNeuronView
    | SetDiagramView
    | SetDiagramSize
    | NudgeParameter
    | SetParameter
    | ShowNeuron
    | CheckGradients
    | StopGradientCheck
    | SaveRun
    | LoadRun
    | ExportLosses
    | Scrub
    | ScrubTo
    | Replay
    | Stop
)

# What changes only the frames, neither the run nor any file: the panes' sizes, the looks inside,
# a gradient check (its report is shown, never kept). The autosave, as the app ends, does not
# wait for the worker to get to these (beginning a check of a big network costs a step's work),
# only to the others (tui/lifecycle/quitting.py).
SCREEN_ONLY = (
    SetGridSize,
    SetPlotWidth,
    SetProbe,
    SetNeuronView,
    SetDiagramView,
    SetDiagramSize,
    ShowNeuron,
    CheckGradients,
    StopGradientCheck,
)


def kept(command: Command) -> bool:
    """Whether the run or a file keeps what `command` does: a save after it must hold it."""
    return not isinstance(command, SCREEN_ONLY)
