"""ScratchnetApp: the layout, the keys, and the worker that trains.

Every key becomes a command for the `TrainingSession`, which owns the network and runs in a
thread worker; the session answers with frozen snapshots, which the app hands to its widgets
through one reactive attribute. No training logic lives here.
"""

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Footer, Static

from scratchnet.config import RunConfig, number_text
from tui.learning_rates import LADDER, rung_above, rung_below
from tui.messages import SnapshotReady
from tui.screens.help import HelpScreen
from tui.screens.learning_rate import LearningRateScreen
from tui.session import (
    ChangeSeed,
    ClimbLearningRate,
    Command,
    Reset,
    SetGridSize,
    SetLearningRate,
    SetPlotWidth,
    StepOnce,
    Stop,
    TogglePause,
    TrainingSession,
)
from tui.snapshot import Snapshot
from tui.widgets.loss_plot import LossPlot
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.status_bar import StatusBar

MIN_WIDTH, MIN_HEIGHT = 60, 16


class ScratchnetApp(App[None]):
    """Train the tutorial's network live and steer it from the keyboard."""

    TITLE = "scratchnet"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS = [
        Binding(
            "space",
            "toggle_pause",
            "Pause",
            key_display="space",
            tooltip="pause or resume training",
        ),
        Binding("n", "step", "Step", tooltip="exactly one training step (pauses first)"),
        Binding("r", "reset", "Reset", tooltip="new weights from the seed: step 0, empty curve"),
        Binding("s", "seed(1)", "Seed+", tooltip="next seed, then reset"),
        Binding("S", "seed(-1)", "Seed-", key_display="S", tooltip="previous seed, then reset"),
        Binding(
            "plus,equals_sign",
            "climb_learning_rate(1)",
            "LR up",
            key_display="+",
            tooltip="learning rate one rung up the ladder " + " ".join(map(number_text, LADDER)),
        ),
        Binding(
            "minus",
            "climb_learning_rate(-1)",
            "LR down",
            key_display="-",
            tooltip="learning rate one rung down the same ladder",
        ),
        Binding("l", "type_learning_rate", "Type LR", tooltip="type an exact learning rate"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
        Binding("q", "quit", "Quit", tooltip="quit at once, even mid-training (ctrl+c too)"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    # A var, not a reactive: a new snapshot must not repaint the whole screen, only the widgets
    # bound to it, and each of those repaints only what changed.
    snapshot: var[Snapshot | None] = var(None)

    def __init__(
        self,
        config: RunConfig | None = None,
        *,
        fps: float = 8.0,
        paused: bool = False,
        skip_to: int = 0,
    ) -> None:
        super().__init__()
        self.session = TrainingSession(config or RunConfig(), fps=fps, paused=paused)
        self.skip_to = skip_to

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield PredictionGrid(id="grid").data_bind(ScratchnetApp.snapshot)
            yield LossPlot(id="loss").data_bind(ScratchnetApp.snapshot)
        yield StatusBar(id="status").data_bind(ScratchnetApp.snapshot)
        yield Static(
            f"The terminal is too small for scratchnet: make it at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}, or press q to quit.",
            id="too-small",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#grid").border_title = "prediction f(x, y)"
        self.query_one("#loss").border_title = "loss (log scale)"
        self.train()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(small, "too-small")

    # -- the worker ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, name="training")
    def train(self) -> None:
        """Run the session in this thread; its snapshots come back as messages."""
        self.session.skip(self.skip_to)
        self.session.run(self.publish)

    def publish(self, snapshot: Snapshot) -> None:
        """Called in the worker thread: post, never wait for the UI."""
        self.post_message(SnapshotReady(snapshot))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        self.snapshot = message.snapshot

    def on_prediction_grid_size_changed(self, message: PredictionGrid.SizeChanged) -> None:
        self.send(SetGridSize(message.columns, message.rows))

    def on_loss_plot_width_changed(self, message: LossPlot.WidthChanged) -> None:
        self.send(SetPlotWidth(message.width))

    def send(self, command: Command) -> None:
        self.session.send(command)

    def on_unmount(self) -> None:
        self.session.send(Stop())

    @property
    def learning_rate(self) -> float:
        """The learning rate on screen (the session may be a command ahead)."""
        snapshot = self.snapshot
        return snapshot.learning_rate if snapshot else self.session.config.learning_rate

    # -- actions ---------------------------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        self.send(TogglePause())

    def action_step(self) -> None:
        self.send(StepOnce())

    def action_reset(self) -> None:
        self.send(Reset())

    def action_seed(self, delta: int) -> None:
        if delta < 0 and self.session.config.seed == 0:
            self.notify("The seed is already 0, the first one.", severity="warning")
            return
        self.send(ChangeSeed(delta))

    def action_climb_learning_rate(self, direction: int) -> None:
        current = (
            self.snapshot.learning_rate if self.snapshot else self.session.config.learning_rate
        )
        if (rung_above if direction > 0 else rung_below)(current) is None:
            end = "top" if direction > 0 else "bottom"
            self.notify(
                f"{number_text(current)} is at the {end} of the ladder: press l to type any rate.",
                severity="warning",
            )
            return
        self.send(ClimbLearningRate(direction))

    def action_type_learning_rate(self) -> None:
        current = (
            self.snapshot.learning_rate if self.snapshot else self.session.config.learning_rate
        )

        def apply(value: float | None) -> None:
            if value is not None:
                self.send(SetLearningRate(value))

        self.push_screen(LearningRateScreen(current), apply)

    def action_help(self) -> None:
        self.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))

    async def action_quit(self) -> None:
        self.session.send(Stop())
        self.exit()
