"""ScratchnetApp: the layout, the keys, and the worker that trains.

Every key becomes a command for the `TrainingSession`, which owns the network and runs in a
thread worker; the session answers with frozen snapshots, which the app hands to its widgets
through one reactive attribute. No training logic lives here.
"""

import asyncio
import contextlib
import signal
from collections.abc import Callable

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import ContentSwitcher, Footer, Static

from scratchnet.config import RunConfig, number_text
from scratchnet.runfile import save_run
from scratchnet.trainer import Trainer
from tui.commands import SettingsCommands
from tui.learning_rates import LADDER, rung_above, rung_below
from tui.messages import SnapshotReady
from tui.screens.help import HelpScreen
from tui.screens.learning_rate import LearningRateScreen
from tui.screens.path_dialog import PathDialog
from tui.session import (
    ChangeSeed,
    ChangeSettings,
    CheckGradients,
    ClimbLearningRate,
    Command,
    ExportLosses,
    LoadRun,
    Reset,
    SaveRun,
    SetGridSize,
    SetLearningRate,
    SetNeuronView,
    SetPlotWidth,
    SetProbe,
    ShowNeuron,
    StepOnce,
    Stop,
    TogglePause,
    TrainingSession,
)
from tui.settings import (
    BY_FIELD,
    MAX_KEY_LAYERS,
    MAX_KEY_NEURONS,
    command_line,
    next_in,
    with_last_layer_resized,
    with_layer_added,
    with_layer_removed,
)
from tui.snapshot import GradientReport, Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.loss_plot import LossPlot
from tui.widgets.neuron_view import NeuronView
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.probe_panel import ProbePanel
from tui.widgets.status_bar import StatusBar

MIN_WIDTH, MIN_HEIGHT = 60, 16
DEFAULT_RUN_FILE = "scratchnet-run.json"
DEFAULT_CSV_FILE = "scratchnet-losses.csv"


def gradient_text(report: GradientReport) -> str:
    """The gradient check in a few lines: the largest relative error, layer by layer."""
    lines = [f"At step {report.step}, largest relative error between backprop and finite"]
    lines.append("differences, per layer:")
    worst = 0.0
    for check in report.layers:
        name = "output" if check is report.layers[-1] else f"layer {check.layer + 1}"
        lines.append(f"  {name}: {check.max_error:.1e}")
        worst = max(worst, check.max_error) if check.max_error == check.max_error else 1.0
    verdict = "backprop is exact" if worst < 1e-5 else "MISMATCH: a gradient is wrong"
    lines.append(verdict)
    return "\n".join(lines)


ARROWS = "arrows move the probe, or choose a neuron in the neuron view"
SHOW_NEURON = "draw the chosen neuron full size in the main picture"
GO_BACK = "back: the network's own picture, then the loss plot"
LADDER_TEXT = f"{number_text(LADDER[0])} … {number_text(LADDER[-1])}"


class ScratchnetApp(App[None]):
    """Train the tutorial's network live and steer it from the keyboard."""

    TITLE = "scratchnet"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {SettingsCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    SEED = Binding.Group("Seed", compact=True)
    RATE = Binding.Group("LR", compact=True)
    NET = Binding.Group("Net", compact=True)
    INSIDE = Binding.Group("Look", compact=True)
    FILES = Binding.Group("File", compact=True)
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", tooltip="pause or resume training"),
        Binding("n", "step", "Step", tooltip="exactly one training step (pauses first)"),
        Binding("r", "reset", "Reset", tooltip="new weights from the seed: step 0, empty curve"),
        Binding("s", "seed(1)", "Seed+", tooltip="next seed, then reset", group=SEED),
        Binding("S", "seed(-1)", "Seed-", tooltip="previous seed, then reset", group=SEED),
        Binding(
            "plus,equals_sign",
            "climb_learning_rate(1)",
            "LR up",
            key_display="+",
            tooltip=f"learning rate one rung up, {LADDER_TEXT}",
            group=RATE,
        ),
        Binding(
            "minus",
            "climb_learning_rate(-1)",
            "LR down",
            key_display="-",
            tooltip="learning rate one rung down the same ladder",
            group=RATE,
        ),
        Binding(
            "l", "type_learning_rate", "Type LR", tooltip="type an exact learning rate", group=RATE
        ),
        Binding("d", "next_dataset", "Data", tooltip="next dataset: circle, xor, gauss, spiral"),
        Binding("a", "next_activation", "Act", tooltip="next hidden activation"),
        Binding(
            "left_square_bracket",
            "layers(-1)",
            "Layer-",
            key_display="[",
            tooltip="remove the last hidden layer",
            group=NET,
        ),
        Binding(
            "right_square_bracket",
            "layers(1)",
            "Layer+",
            key_display="]",
            tooltip="add a hidden layer as wide as the last",
            group=NET,
        ),
        Binding(
            "comma",
            "neurons(-1)",
            "Neuron-",
            key_display=",",
            tooltip="one neuron fewer in the last hidden layer",
            group=NET,
        ),
        Binding(
            "full_stop",
            "neurons(1)",
            "Neuron+",
            key_display=".",
            tooltip="one neuron more in the last hidden layer",
            group=NET,
        ),
        Binding("t", "toggle_test_points", "Test", tooltip="show or hide the test points"),
        Binding("x", "toggle_discrete", "0/1", tooltip="show the output discretised at 0.5"),
        Binding(
            "c",
            "toggle_controls",
            "Panel",
            tooltip="show or hide every setting (Tab moves between them; ctrl+p searches them)",
        ),
        Binding(
            "i", "toggle_neurons", "Neurons", tooltip="every neuron's own picture", group=INSIDE
        ),
        Binding(
            "p",
            "toggle_probe",
            "Probe",
            tooltip="probe a point: forward and backward",
            group=INSIDE,
        ),
        Binding(
            "g",
            "check_gradients",
            "Check",
            tooltip="check backprop by finite differences",
            group=INSIDE,
        ),
        Binding("w", "save", "Save", tooltip="save the run to a JSON file", group=FILES),
        Binding("o", "open", "Open", tooltip="open a saved run and go on with it", group=FILES),
        Binding("e", "export", "Export", tooltip="export the losses as CSV", group=FILES),
        # Arrows, Enter and Esc work while the probe or the neuron view is open: they are listed
        # on that panel's frame and in help; the footer has no room left for them.
        Binding("up", "move(0,-1)", "Up", key_display="↑", tooltip=ARROWS, show=False),
        Binding("down", "move(0,1)", "Down", key_display="↓", tooltip=ARROWS, show=False),
        Binding("left", "move(-1,0)", "Left", key_display="←", tooltip=ARROWS, show=False),
        Binding("right", "move(1,0)", "Right", key_display="→", tooltip=ARROWS, show=False),
        Binding("enter", "show_neuron", "Show", tooltip=SHOW_NEURON, show=False),
        Binding("escape", "go_back", "Back", tooltip=GO_BACK, show=False),
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
        trainer: Trainer | None = None,
        autosave: str | None = None,
    ) -> None:
        """`trainer`: a loaded run to go on with; `autosave`: where to save the run on exit."""
        super().__init__()
        self.session = TrainingSession(
            config or RunConfig(), fps=fps, paused=paused, trainer=trainer
        )
        self.skip_to = skip_to
        self.autosave = autosave
        self.saved_on_exit: str | None = None
        self.hung_up = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield ControlsPanel(id="controls").data_bind(ScratchnetApp.snapshot)
            yield PredictionGrid(id="grid").data_bind(ScratchnetApp.snapshot)
            with ContentSwitcher(id="side", initial="loss"):
                yield LossPlot(id="loss").data_bind(ScratchnetApp.snapshot)
                with VerticalScroll(id="neurons", can_focus=False):
                    yield NeuronView().data_bind(ScratchnetApp.snapshot)
                with VerticalScroll(id="probe", can_focus=False):
                    yield ProbePanel().data_bind(ScratchnetApp.snapshot)
        yield StatusBar(id="status").data_bind(ScratchnetApp.snapshot)
        yield Static(
            f"The terminal is too small for scratchnet: make it at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}, or press q to quit.",
            id="too-small",
        )
        # ctrl+p (every setting, searchable) is in the help screen: the footer has no room left.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._catch_hang_up()
        self.query_one("#grid").border_title = "prediction f(x, y)"
        self.query_one("#loss").border_title = "loss (log scale)"
        self.query_one("#controls").border_title = "settings (Tab moves, c hides)"
        neurons, probe = self.query_one("#neurons"), self.query_one("#probe")
        neurons.border_title = "neurons"
        neurons.border_subtitle = "↑↓←→ choose · ⏎ draw it · esc back"
        probe.border_title = "probe"
        probe.border_subtitle = "↑↓←→ move the probe · esc or p close"
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
        before, self.snapshot = self.snapshot, message.snapshot
        snapshot = message.snapshot
        if snapshot.notice:
            self.notify(
                snapshot.notice, severity="error" if snapshot.notice_is_error else "information"
            )
        report = snapshot.gradient_report
        if report is not None and (before is None or before.gradient_report is not report):
            self.notify(gradient_text(report), title="Gradient check", timeout=15)
        if before is None or before.shown_neuron != snapshot.shown_neuron:
            grid = self.query_one(PredictionGrid)
            if snapshot.shown_neuron is None:
                grid.border_title = "prediction f(x, y)"
            else:
                layer, index = snapshot.shown_neuron
                grid.border_title = f"neuron {layer + 1}.{index + 1} output (Esc: the network's)"

    def on_controls_panel_changed(self, message: ControlsPanel.Changed) -> None:
        self.change(**{message.field: message.value})

    def change(self, **settings: object) -> None:
        """Change settings of the run (RunConfig field names); the worker decides on a reset."""
        self.send(ChangeSettings.of(**settings))

    def on_prediction_grid_size_changed(self, message: PredictionGrid.SizeChanged) -> None:
        self.send(SetGridSize(message.columns, message.rows))

    def on_loss_plot_width_changed(self, message: LossPlot.WidthChanged) -> None:
        self.send(SetPlotWidth(message.width))

    def send(self, command: Command) -> None:
        self.session.send(command)

    def on_unmount(self) -> None:
        self.session.send(Stop())

    def _catch_hang_up(self) -> None:
        """SIGHUP (the SSH connection dropped): end the app at once; `main` then autosaves."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)

    def _hang_up(self) -> None:
        self.hung_up = True
        self.session.send(Stop())
        self.exit()

    def stop_and_autosave(self) -> str | None:
        """After the app has ended: stop the worker, then save to `autosave` if asked to.

        The worker owns the network while it runs, so the save waits for it to finish (it
        finishes within one training step). Returns a one-line error, or None.
        """
        self.session.send(Stop())
        self.session.finished.wait(timeout=5 if self.autosave else 0.5)
        if self.autosave is None:
            return None
        if not self.session.finished.is_set():
            return f"cannot save {self.autosave}: a training step did not end in time"
        try:
            save_run(self.autosave, self.session.config, self.session.trainer)
        except ValueError as error:  # RunFileError is one: its message is one line
            return str(error)
        self.saved_on_exit = self.autosave
        return None

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

    @property
    def config(self) -> RunConfig:
        """The settings on screen (the session may be a command ahead)."""
        return self.snapshot.config if self.snapshot else self.session.config

    def action_next_dataset(self) -> None:
        self.change(
            dataset_name=next_in(BY_FIELD["dataset_name"].choices, self.config.dataset_name)
        )

    def action_next_activation(self) -> None:
        self.change(activation=next_in(BY_FIELD["activation"].choices, self.config.activation))

    def action_layers(self, change: int) -> None:
        hidden = self.config.hidden
        new = with_layer_added(hidden) if change > 0 else with_layer_removed(hidden)
        if new is None:
            limit = (
                f"at most {MAX_KEY_LAYERS} hidden layers from the keys"
                if change > 0
                else ("no hidden layer left to remove")
            )
            self.notify(f"{limit.capitalize()}.", severity="warning")
            return
        self.change(hidden=new)

    def action_neurons(self, change: int) -> None:
        new = with_last_layer_resized(self.config.hidden, change)
        if new is None:
            reason = (
                "there is no hidden layer: add one with ]"
                if not self.config.hidden
                else f"a layer has 1 to {MAX_KEY_NEURONS} neurons from the keys"
            )
            self.notify(reason[0].upper() + reason[1:] + ".", severity="warning")
            return
        self.change(hidden=new)

    def action_toggle_test_points(self) -> None:
        grid = self.query_one(PredictionGrid)
        grid.show_test = not grid.show_test
        if not self.config.train_ratio < 100:
            self.notify("There are no test points: set Training data below 100 % (c).")

    def action_toggle_discrete(self) -> None:
        grid = self.query_one(PredictionGrid)
        grid.discrete = not grid.discrete

    def action_toggle_controls(self) -> None:
        panel = self.query_one(ControlsPanel)
        panel.display = not panel.display
        if panel.display:
            panel.focus_first()
        else:
            self.set_focus(None)

    def action_copy_command_line(self) -> None:
        line = command_line(self.config)
        self.copy_to_clipboard(line)
        self.notify(line, title="Copied: the command that repeats this run")

    # -- seeing inside ---------------------------------------------------------------------------

    @property
    def side(self) -> str:
        return self.query_one(ContentSwitcher).current or "loss"

    def _show_side(self, name: str) -> None:
        """Put the loss plot, the neuron view or the probe panel on the right."""
        previous = self.side
        self.query_one(ContentSwitcher).current = name
        if previous == "neurons" and name != "neurons":
            self.send(SetNeuronView(False))
        if previous == "probe" and name != "probe":
            self.query_one(PredictionGrid).cursor = None
            self.send(SetProbe(None))
        self.refresh_bindings()

    def action_toggle_neurons(self) -> None:
        if self.side == "neurons":
            self._show_side("loss")
            return
        self._show_side("neurons")
        self.send(SetNeuronView(True))

    def action_toggle_probe(self) -> None:
        if self.side == "probe":
            self._show_side("loss")
            return
        self._show_side("probe")
        grid = self.query_one(PredictionGrid)
        grid.cursor = grid.clamp((grid.layout_.columns // 2, grid.layout_.rows // 2))
        self._probe_cursor()

    def _probe_cursor(self) -> None:
        """Probe the training point drawn in the cursor's cell, or else the cell's centre."""
        grid = self.query_one(PredictionGrid)
        if grid.cursor is None:
            return
        points = self.snapshot.points if self.snapshot else ()
        here = [(x, y) for x, y, _ in points if grid.cell_of(x, y) == grid.cursor]
        self.send(SetProbe(here[-1] if here else grid.cell_centre(grid.cursor)))

    def action_move(self, columns: int, rows: int) -> None:
        if self.side == "probe":
            grid = self.query_one(PredictionGrid)
            if grid.cursor is not None:
                column, row = grid.cursor
                grid.cursor = grid.clamp((column + columns, row + rows))
                self._probe_cursor()
        elif self.side == "neurons":
            self.query_one(NeuronView).move(columns, rows)

    def action_show_neuron(self) -> None:
        if self.side == "neurons":
            self.send(ShowNeuron(self.query_one(NeuronView).selected))

    def action_go_back(self) -> None:
        if self.snapshot is not None and self.snapshot.shown_neuron is not None:
            self.send(ShowNeuron(None))
        elif self.side != "loss":
            self._show_side("loss")

    def action_check_gradients(self) -> None:
        self.notify("Checking backprop against finite differences…", timeout=3)
        self.send(CheckGradients())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Arrows, Enter and Esc only mean something with the probe or the neuron view open."""
        if action == "move":
            return self.side in ("probe", "neurons")
        if action == "show_neuron":
            return self.side == "neurons"
        if action == "go_back":
            shown = self.snapshot is not None and self.snapshot.shown_neuron is not None
            return shown or self.side != "loss"
        return True

    # -- keeping runs -----------------------------------------------------------------------

    def _ask_path(self, title: str, suggestion: str, then: Callable[[str], Command]) -> None:
        def chosen(path: str | None) -> None:
            if path is not None:
                self.send(then(path))

        self.push_screen(PathDialog(title, suggestion), chosen)

    def action_save(self) -> None:
        self._ask_path("Save the run to", DEFAULT_RUN_FILE, SaveRun)

    def action_open(self) -> None:
        self._ask_path("Open a saved run", DEFAULT_RUN_FILE, LoadRun)

    def action_export(self) -> None:
        self._ask_path("Export the losses as CSV to", DEFAULT_CSV_FILE, ExportLosses)

    def action_help(self) -> None:
        self.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))

    async def action_quit(self) -> None:
        self.session.send(Stop())
        self.exit()
