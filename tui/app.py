"""ScratchnetApp: the layout, the keys, and the worker that trains.

Every key becomes a command for the `TrainingSession`, which owns the network and runs in a
thread worker; the session answers with frozen snapshots, which the app hands to its widgets
through one reactive attribute. No training logic lives here.
"""

import asyncio
import contextlib
import functools
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import replace

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.notifications import Notify, SeverityLevel
from textual.reactive import var
from textual.theme import ThemeProvider
from textual.widgets import ContentSwitcher, Static

from scratchnet.config import RunConfig
from scratchnet.export import CSV_FILE
from scratchnet.files import FileKind, check_writable
from scratchnet.kinds import number_text
from scratchnet.modes import make_run
from scratchnet.run import Run, Settings
from scratchnet.runfile import RUN_FILE
from scratchnet.settings import SETTING
from scratchnet.shown import shown_path
from tui.drawing.diagram import describe
from tui.keys.command_palette import SettingsCommands
from tui.keys.diagram_keys import is_input, layers_at, neurons_at, parameter_value
from tui.lifecycle.cache_sweeper import SWEEP_SECONDS, sweep
from tui.lifecycle.threads import interrupt
from tui.messages import GradientReady, NoticeReady, SnapshotReady, Steer
from tui.screens.help import HelpScreen
from tui.screens.input_dialog import InputDialog, file_path, yes_or_no
from tui.screens.steady_palette import SteadyPalette
from tui.serving.policy import FileRefused, visitor_path
from tui.session import TrainingSession
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
    ToggleView,
)
from tui.session.training import PACE
from tui.snapshot import Event, GradientReport, Notice, Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.key_footer import KeyFooter
from tui.widgets.loss_plot import LossPlot
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.neuron_view import NeuronView
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.probe_panel import ProbePanel
from tui.widgets.status_bar import StatusBar
from tui.widgets.timeline_bar import TimelineBar

MIN_WIDTH, MIN_HEIGHT = 60, 16
DEFAULT_RUN_FILE = "scratchnet-run.json"
DEFAULT_CSV_FILE = "scratchnet-losses.csv"
# How long quitting waits for the worker to end its step before saving a copy of the run instead.
WORKER_GRACE = 0.15
# How long quitting may wait for the settings form to finish mounting (see ControlsPanel.settled).
QUIT_WAIT = 1.0


def gradient_text(report: GradientReport) -> str:
    """The gradient check in a few lines: the largest relative error, layer by layer, and on a
    big network how many of its parameters were checked.

    A layer whose comparison is undefined (weights too large to nudge, numbers that are not
    finite) says so and why; then no verdict on backprop can be given, and none is claimed.
    """
    # Lines short enough not to wrap in a notification, which would cut off the verdict.
    lines = [f"Step {report.step}: backprop against finite differences,"]
    checked = sum(check.parameters for check in report.layers)
    parameters = sum(check.in_layer for check in report.layers)
    if checked < parameters:  # a big network: a sample of each layer (see scratchnet.gradcheck)
        lines += [
            f"checked {checked:,} of {parameters:,} parameters,",
            "a random sample per layer;",
        ]
    lines.append("largest relative error per layer:")
    worst = 0.0
    problems = []
    for check in report.layers:
        name = "output" if check is report.layers[-1] else f"layer {check.layer + 1}"
        if check.problem is not None:
            lines.append(f"  {name}: undefined ({check.problem})")
            problems.append(check.problem)
            continue
        lines.append(f"  {name}: {check.max_error:.1e}")
        worst = max(worst, check.max_error) if check.max_error == check.max_error else 1.0
    if problems:
        verdict = "UNDEFINED: no verdict on backprop where the numbers cannot be compared"
    else:
        verdict = "backprop is exact" if worst < 1e-5 else "MISMATCH: a gradient is wrong"
    lines.append(verdict)
    return "\n".join(lines)


ARROWS = "arrows move the probe, choose a neuron in the neuron view, or move in the diagram"
DIAGRAM_TAB = "Tab, shift+Tab in the diagram: the next, previous layer"
DIAGRAM_ENTER = "in the diagram: type the chosen weight or bias; on a feature, turn it on/off"
ARROW_KEYS = {(0, -1): "up", (0, 1): "down", (-1, 0): "left", (1, 0): "right"}
DIAGRAM_KEYS = "↑↓←→⇥ move · +- nudge · ⏎ set · ,. [] resize · esc"
SHOW_NEURON = "draw the chosen neuron full size in the main picture"
GO_BACK = "stop a gradient check; back: the network's own picture, then the loss plot"
LADDER = SETTING["learning_rate"].ladder
LADDER_TEXT = f"{number_text(LADDER[0])} … {number_text(LADDER[-1])}"
SPEEDS = SETTING["speed"].ladder
SPEED_TEXT = f"{SETTING['speed'].text(SPEEDS[0])} … {SETTING['speed'].text(SPEEDS[-1])}"
# Keys of one idea share a tooltip, so that help lists them on one line: `j k  timeline: ...`.
SPEED = f"speed one rung down / up: {SPEED_TEXT}"
SCRUB_ONE = "timeline: one checkpoint back / forward"
SCRUB_TENTH = "timeline: a tenth of the run back / forward"
SCRUB_ENDS = "timeline: the run's start / now"
REPLAY = "replay the run from its start"


class ScratchnetApp(App[None]):
    """Train a network live, the tutorial's or a TensorFlow Playground run, and steer it from
    the keyboard."""

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
            tooltip=f"learning rate one rung up, {LADDER_TEXT}; in the diagram: nudge w or b up",
            group=RATE,
        ),
        Binding(
            "minus",
            "climb_learning_rate(-1)",
            "LR down",
            key_display="-",
            tooltip="learning rate one rung down the same ladder; in the diagram: nudge down",
            group=RATE,
        ),
        Binding(
            "l", "type_learning_rate", "Type LR", tooltip="type an exact learning rate", group=RATE
        ),
        Binding("d", "next_dataset", "Data", tooltip="next dataset (the run's own list)"),
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
            tooltip="add a hidden layer as wide as the last (a Playground run's: of 2)",
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
        Binding("x", "toggle_discrete", "0/1", tooltip="show the output in two colours only"),
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
            "v",
            "toggle_diagram",
            "Diagram",
            tooltip="the network diagram: every neuron, every weight; edit them",
            group=INSIDE,
        ),
        Binding(
            "g",
            "check_gradients",
            "Check",
            tooltip="check backprop numerically (g again: stop)",
            group=INSIDE,
        ),
        Binding("w", "save", "Save", tooltip="save the run to a JSON file", group=FILES),
        Binding("o", "open", "Open", tooltip="open a saved run and go on with it", group=FILES),
        Binding("e", "export", "Export", tooltip="export the losses as CSV", group=FILES),
        # The speed's and the timeline's keys are written on the timeline bar: the footer has no
        # room left for them.
        Binding(
            "less_than_sign",
            "climb_speed(-1)",
            "Slower",
            key_display="<",
            tooltip=SPEED,
            show=False,
        ),
        Binding(
            "greater_than_sign",
            "climb_speed(1)",
            "Faster",
            key_display=">",
            tooltip=SPEED,
            show=False,
        ),
        Binding("j", "scrub(-1)", "Back", tooltip=SCRUB_ONE, show=False),
        Binding("k", "scrub(1)", "Forward", tooltip=SCRUB_ONE, show=False),
        Binding("J", "scrub(-1, True)", "Back 1/10", tooltip=SCRUB_TENTH, show=False),
        Binding("K", "scrub(1, True)", "On 1/10", tooltip=SCRUB_TENTH, show=False),
        Binding("home", "scrub_to(False)", "Start", tooltip=SCRUB_ENDS, show=False),
        Binding("end", "scrub_to(True)", "Now", tooltip=SCRUB_ENDS, show=False),
        Binding("R", "replay", "Replay", tooltip=REPLAY, show=False),
        # Arrows, Enter and Esc work while the probe or the neuron view is open: they are listed
        # on that panel's frame and in help; the footer has no room left for them.
        Binding("up", "move(0,-1)", "Up", key_display="↑", tooltip=ARROWS, show=False),
        Binding("down", "move(0,1)", "Down", key_display="↓", tooltip=ARROWS, show=False),
        Binding("left", "move(-1,0)", "Left", key_display="←", tooltip=ARROWS, show=False),
        Binding("right", "move(1,0)", "Right", key_display="→", tooltip=ARROWS, show=False),
        Binding("enter", "show_neuron", "Show", tooltip=SHOW_NEURON, show=False),
        Binding("enter", "edit_value", "Set", tooltip=DIAGRAM_ENTER, show=False),
        # Tab moves between the settings panel's fields, except in the diagram with no field
        # focused: priority, so the screen's own Tab does not take it first (see check_action).
        Binding(
            "tab",
            "diagram_move('tab')",
            "Next",
            key_display="⇥",
            tooltip=DIAGRAM_TAB,
            show=False,
            priority=True,
        ),
        Binding(
            "shift+tab",
            "diagram_move('shift+tab')",
            "Previous",
            key_display="⇧⇥",
            tooltip=DIAGRAM_TAB,
            show=False,
            priority=True,
        ),
        Binding("escape", "go_back", "Back", tooltip=GO_BACK, show=False),
        Binding(
            "u",
            "copy_url",
            "URL",
            tooltip="copy (and show) the Playground URL of this run: it opens in a browser",
            show=False,
        ),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
        Binding("q", "quit", "Quit", tooltip="quit at once, even mid-training (ctrl+c too)"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            tooltip="suspend to the shell, training too (fg brings it back)",
            show=False,
        ),
    ]

    # A var, not a reactive: a new snapshot must not repaint the whole screen, only the widgets
    # bound to it, and each of those repaints only what changed.
    snapshot: var[Snapshot | None] = var(None)

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        run: Run | None = None,
        fps: float = 8.0,
        paused: bool = False,
        skip_to: int = 0,
        autosave: str | None = None,
        speed: float | None = None,
    ) -> None:
        """Train a new run of `settings` (the tutorial's `RunConfig`, or a Playground URL's
        `PlaygroundState`), or `run`, one to go on with (a loaded one). `speed`: steps a second
        for a run whose settings hold none (a Playground run's: the browser's pace if None);
        `autosave`: where to save the run on exit."""
        super().__init__()
        run = run or make_run(settings or RunConfig())
        self.session = TrainingSession(
            run, fps=fps, paused=paused, speed=PACE if speed is None else speed
        )
        self.skip_to = skip_to
        self.autosave = autosave
        self.worker: threading.Thread | None = None  # the training thread, once started
        self.saved_on_exit: str | None = None
        self.gradient_report: GradientReport | None = None  # the last one, for the tests
        self.hung_up = False
        self.quitting = False  # see `quit_now`
        self._ending = threading.Lock()  # `stop_and_autosave` runs once, its answer kept
        self._ended = False
        self._problem: str | None = None
        self._signal_handlers: dict[int, signal.Handlers | Callable[..., object] | int | None] = {}

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
                yield NetworkDiagram(id="diagram")
        yield TimelineBar(id="timeline").data_bind(ScratchnetApp.snapshot)
        yield StatusBar(id="status").data_bind(ScratchnetApp.snapshot)
        yield Static(
            f"The terminal is too small for scratchnet: make it at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}, or press q to quit.",
            id="too-small",
        )
        # ctrl+p (every setting, searchable) is in the help screen: the footer has no room left.
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._catch_signals()
        self.query_one("#grid").border_title = "prediction f(x, y)"
        self.query_one("#loss").border_title = "loss (log scale)"
        self.query_one("#controls").border_title = "settings (Tab moves, c hides)"
        neurons, probe = self.query_one("#neurons"), self.query_one("#probe")
        neurons.border_title = "neurons"
        neurons.border_subtitle = "↑↓←→ choose · ⏎ draw it · esc back"
        probe.border_title = "probe"
        probe.border_subtitle = "↑↓←→ move the probe · esc or p close"
        diagram = self.query_one(NetworkDiagram)
        diagram.border_title = "network (v closes)"
        diagram.border_subtitle = DIAGRAM_KEYS
        self.set_interval(SWEEP_SECONDS, sweep)  # memory flat over a long session
        self.train()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(small, "too-small")

    # -- the worker ------------------------------------------------------------------------------

    def train(self) -> None:
        """Run the session in a thread of its own; its snapshots come back as messages.

        A daemon thread, not a Textual thread worker: Textual (through asyncio's executor)
        waits for its workers' threads before the process may end, and a step, a picture or a
        gradient check of a big network takes minutes. Quitting never waits for the worker:
        `stop_and_autosave` saves the run as it was between two steps, and `main` leaves.
        """
        self.worker = threading.Thread(target=self._train, name="training", daemon=True)
        self.worker.start()

    def _train(self) -> None:
        try:
            self.session.skip(self.skip_to)
            self.session.work(self.publish)
        except Exception as error:  # as a Textual worker's would: the app ends and shows it
            with contextlib.suppress(RuntimeError):  # unless the app has ended already
                self.call_from_thread(self._handle_exception, error)

    def publish(self, event: Event) -> None:
        """Called in the worker thread: post, never wait for the UI."""
        if isinstance(event, Snapshot):
            self.post_message(SnapshotReady(event))
        elif isinstance(event, Notice):
            self.post_message(NoticeReady(event))
        else:
            self.post_message(GradientReady(event))

    def on_notice_ready(self, message: NoticeReady) -> None:
        notice = message.notice
        self.notify(notice.text, severity="error" if notice.error else "information")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """As Textual's, but the text is plain unless the call says otherwise: notices quote what
        a user typed or a file held (a path, a URL, a seed), and read as markup, `[/]` ended
        the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_notify(self, event: Notify) -> None:
        """Before Textual shows a notice: the same notice still on screen goes, so the new one
        takes its place with its time starting again. A key refused nine times in a burst
        shows one toast, not a stack of nine over the picture."""
        new = event.notification
        said = (new.message, new.title, new.severity)
        for shown in list(self._notifications):
            if (shown.message, shown.title, shown.severity) == said:
                self._unnotify(shown, refresh=False)

    def on_gradient_ready(self, message: GradientReady) -> None:
        self.gradient_report = message.report
        self.notify(gradient_text(message.report), title="Gradient check", timeout=15)

    def on_steer(self, message: Steer) -> None:
        self.send(message.command)

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        if not self.is_running:  # closing: its widgets are going, the worker's last frames not
            return
        before, self.snapshot = self.snapshot, message.snapshot
        snapshot = message.snapshot
        if before is None or (before.url is None) != (snapshot.url is None):
            self.refresh_bindings()  # `u` acts for a run with a URL only (see check_action)
        if snapshot.diagram is not None and self.side == "diagram":
            diagram = self.query_one(NetworkDiagram)
            if diagram.frame is not snapshot.diagram:
                diagram.frame = snapshot.diagram
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

    def on_network_diagram_size_changed(self, message: NetworkDiagram.SizeChanged) -> None:
        self.send(SetDiagramSize(message.columns, message.rows, *message.pane))

    def on_loss_plot_width_changed(self, message: LossPlot.WidthChanged) -> None:
        self.send(SetPlotWidth(message.width))

    def send(self, command: Command) -> None:
        self.session.send(command)

    def on_unmount(self) -> None:
        self.session.send(Stop())
        for number, handler in self._signal_handlers.items():
            signal.signal(number, handler)

    def _catch_signals(self) -> None:
        """SIGHUP (the SSH connection dropped, the terminal closed), SIGTERM (`timeout`, a
        process manager) and SIGINT from outside end the app at once, as q does: the terminal
        is given back, `main` then autosaves and the process exits with status 0.

        Python's own signal handlers, not asyncio's `add_signal_handler`: asyncio hears of a
        signal through a byte on its wake-up socket, which a burst of keys can fill (each key
        wakes the loop with a byte of its own), and a signal that finds it full is lost. The
        handlers before these are put back when the app ends.
        """
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError):  # not in the main thread: leave them be
                previous = signal.signal(number, functools.partial(self._on_signal, loop))
                self._signal_handlers[number] = previous

    def _on_signal(self, loop: asyncio.AbstractEventLoop, number: int, _frame: object) -> None:
        """Runs in the main thread between two instructions of whatever it was doing: so it
        only notes the signal, and leaves quitting to the event loop's next turn."""
        if number == signal.SIGHUP and not self.hung_up:
            # The terminal is gone: there is nothing to give back, and Textual's shutdown can
            # wait forever for its writer thread, which died writing to the closed terminal.
            # So even an app already quitting (q, then the SSH link drops) saves and ends here.
            self.hung_up = True
            threading.Thread(target=self._save_and_end, name="hang-up", daemon=True).start()
        if self.quitting:
            return
        self.quitting = True  # the keys still waiting are dropped from now on
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is ending anyway
            loop.call_soon_threadsafe(self.quit_now)

    def _save_and_end(self) -> None:
        """After a hang-up: autosave if asked to, then end the process, whatever else waits."""
        problem = self.stop_and_autosave()
        os._exit(0 if problem is None else 1)

    def quit_now(self) -> None:
        """End the app: stop the worker, and leave without handling the keys still waiting.

        Textual handles keys in the order they came, and its exit waits behind them: after a
        burst of thousands of keys (a held key, a paste, a stalled SSH link catching up), that
        is a minute of opening and closing panels. Once quitting, keys are dropped unhandled.
        """
        self.quitting = True
        self.session.send(Stop())
        self.call_later(self._exit_once_settled)

    async def _exit_once_settled(self) -> None:
        with contextlib.suppress(TimeoutError):  # never held up for long
            await asyncio.wait_for(self.query_one(ControlsPanel).settled(), QUIT_WAIT)
        self.exit()

    def post_message(self, message: Message) -> bool:
        """As Textual's, but ctrl+c does not wait its turn: like the interrupt it is on a
        terminal, it quits at once, ahead of the keys typed before it still waiting."""
        if isinstance(message, events.Key) and message.key == "ctrl+c" and not self.quitting:
            self.quit_now()
        return super().post_message(message)

    async def on_event(self, event: events.Event) -> None:
        if self.quitting and isinstance(event, events.Key):
            return  # see `quit_now`
        await super().on_event(event)

    def stop_and_autosave(self) -> str | None:
        """After the app has ended (after a hang-up: at once, from a thread of its own): stop the
        worker, then save to `autosave` if asked to.

        The worker stops at the end of the step it is taking, which is at once for most
        networks. If it is still busy after WORKER_GRACE seconds (a step, picture or gradient
        check of a huge network can take minutes), the save is of a copy of the run as it stood
        after its last finished step, and quitting does not wait. Returns a one-line error, or
        None.
        """
        with self._ending:  # once, though a hang-up's thread and `main` may both ask
            if not self._ended:
                self._problem = self._stop_and_autosave()
                self._ended = True
            return self._problem

    def _stop_and_autosave(self) -> str | None:
        session = self.session
        session.send(Stop())
        finished = session.finished.wait(timeout=WORKER_GRACE if self.autosave else 0.1)
        if self.autosave is None:
            return None
        run = session.run
        if not finished:  # a copy as the run was between two steps (`Run.copy` is safe here)
            run = run.copy()
            if self.worker is not None:  # its work is of no use now, and it slows the save
                interrupt(self.worker)
        try:
            run.save(self.autosave)
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
        self.send(ChangeSeed(delta))

    def action_climb_speed(self, direction: int) -> None:
        self.send(ClimbLadder("speed", direction))

    def action_scrub(self, direction: int, tenth: bool = False) -> None:
        self.send(Scrub(direction, tenth))

    def action_scrub_to(self, end: bool) -> None:
        self.send(ScrubTo(end))

    def action_replay(self) -> None:
        self.send(Replay())

    def action_climb_learning_rate(self, direction: int) -> None:
        """`+`/`-`: the learning rate's ladder; in the diagram, nudge the weight or bias there."""
        if self.side == "diagram":
            self.send(NudgeParameter(self.query_one(NetworkDiagram).chosen(), direction))
        else:
            self.send(ClimbLadder("learning_rate", direction))

    def action_type_learning_rate(self) -> None:
        """`l`: any learning rate the run takes, checked by its own table's rule (the
        Playground's: one of its own list)."""
        current = number_text(self.config.learning_rate)
        setting = (
            self.snapshot.setting("learning_rate") if self.snapshot else SETTING["learning_rate"]
        )

        def apply(value: float | None) -> None:
            if value is not None:
                self.change(learning_rate=value)

        dialog = InputDialog(
            f"Learning rate (now {current})", setting.parse, placeholder="e.g. 0.3, 3, 1e-2"
        )
        self.push_screen(dialog, apply)

    @property
    def config(self) -> Settings:
        """The settings on screen (the session may be a command ahead)."""
        return self.snapshot.config if self.snapshot else self.session.config

    def action_next_dataset(self) -> None:
        self.send(NextChoice("dataset_name"))

    def action_next_activation(self) -> None:
        self.send(NextChoice("activation"))

    def action_layers(self, change: int) -> None:
        if self.side == "diagram":
            diagram = self.query_one(NetworkDiagram)
            self._send_or_say(layers_at(diagram.chosen(), diagram.shape, change))
        else:
            self.send(AddLayer() if change > 0 else RemoveLayer())

    def action_neurons(self, change: int) -> None:
        if self.side == "diagram":
            diagram = self.query_one(NetworkDiagram)
            self._send_or_say(neurons_at(diagram.chosen(), diagram.shape, change))
        else:
            self.send(ResizeLayer(-1, change))

    def _send_or_say(self, command: Command | str) -> None:
        """Send the command, or show why the key does nothing here."""
        if isinstance(command, str):
            self.notify(command, severity="warning")
        else:
            self.send(command)

    def action_toggle_test_points(self) -> None:
        self.send(ToggleView("show_test_data"))
        if self.snapshot is not None and not self.snapshot.test_points:
            self.notify("There are no test points: set Training data below 100 % (c).")

    def action_toggle_discrete(self) -> None:
        self.send(ToggleView("discretize"))

    def action_toggle_controls(self) -> None:
        panel = self.query_one(ControlsPanel)
        panel.display = not panel.display
        if panel.display:
            panel.focus_first()
        else:
            self.set_focus(None)

    def action_copy_command_line(self) -> None:
        line = self.snapshot.repeat if self.snapshot else self.session.run.repeat()
        self.copy_to_clipboard(line)
        self.notify(line, title="Copied: the command that repeats this run")

    def action_copy_url(self) -> None:
        """The Playground URL of the run on screen: it opens the same run in a browser."""
        url = self.snapshot.url if self.snapshot else ""
        if not url:
            self.notify(
                "u copies a Playground run's URL: start with scratchnet-tui --playground [URL].",
                severity="warning",
            )
            return
        self.copy_to_clipboard(url)
        self.notify(url, title="Copied: this run in TensorFlow Playground", timeout=10)

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
        if previous == "diagram" and name != "diagram":
            self.send(SetDiagramView(False))
        self.query_one("#side").set_class(name == "diagram", "-diagram")
        self.refresh_bindings()

    def action_toggle_neurons(self) -> None:
        if self.side == "neurons":
            self._show_side("loss")
            return
        self._show_side("neurons")
        self.send(SetNeuronView(True))

    def action_toggle_diagram(self) -> None:
        if self.side == "diagram":
            self._show_side("loss")
            return
        self._show_side("diagram")
        self.query_one(NetworkDiagram).chosen()  # a cursor from the start: edits go there
        self.send(SetDiagramView(True))

    def action_diagram_move(self, key: str) -> None:
        self.query_one(NetworkDiagram).move_cursor(key)

    def action_edit_value(self) -> None:
        """Enter in the diagram: a feature is turned on or off; a weight or bias is typed."""
        diagram = self.query_one(NetworkDiagram)
        cursor = diagram.chosen()
        frame = diagram.frame
        if frame is None:
            return
        if is_input(cursor):
            self.send(ToggleFeature(frame.features[cursor.index]))
            return

        def apply(value: float | None) -> None:
            if value is not None:
                self.send(SetParameter(cursor, value))

        now = describe(replace(frame, cursor=cursor))
        dialog = InputDialog(f"Set {now}", parameter_value, placeholder="e.g. 0.5, -2, 1e-3")
        self.push_screen(dialog, apply)

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
        elif self.side == "diagram":
            self.query_one(NetworkDiagram).move_cursor(ARROW_KEYS[columns, rows])

    def action_show_neuron(self) -> None:
        if self.side == "neurons":
            self.send(ShowNeuron(self.query_one(NeuronView).selected))

    @property
    def checking(self) -> bool:
        """A gradient check is in progress, as the screen shows it."""
        return self.snapshot is not None and self.snapshot.gradient_check is not None

    def action_go_back(self) -> None:
        if self.checking:
            self.send(StopGradientCheck())
        elif self.snapshot is not None and self.snapshot.shown_neuron is not None:
            self.send(ShowNeuron(None))
        elif self.side != "loss":
            self._show_side("loss")

    def action_check_gradients(self) -> None:
        """Begin a check, or stop the one in progress: the worker says which, in one line."""
        self.send(CheckGradients())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Arrows, Enter and Esc only mean something with the probe, the neuron view or the
        diagram open; Tab moves in the diagram only when no field of the panel has the focus."""
        if action == "move":
            return self.side in ("probe", "neurons", "diagram")
        if action == "show_neuron":
            return self.side == "neurons"
        if action == "edit_value":
            return self.side == "diagram"
        if action == "diagram_move":
            panel = self.query_one(ControlsPanel)
            return self.side == "diagram" and not (panel.display and panel.has_focus_within)
        if action == "go_back":
            shown = self.snapshot is not None and self.snapshot.shown_neuron is not None
            return self.checking or shown or self.side != "loss"
        if action == "copy_url":  # a run with a URL (a Playground run's) only
            return self.snapshot is not None and self.snapshot.url is not None
        return True

    # -- keeping runs -----------------------------------------------------------------------

    def _ask_path(self, title: str, suggestion: str, then: Callable[[str], None]) -> None:
        """Ask for a path, then act on it; a served app's visitor may be refused
        (tui/serving/policy.py): before asking when it may use no file, else after."""

        def chosen(path: str | None) -> None:
            if path is not None:
                try:
                    then(visitor_path(path))
                except FileRefused as refused:
                    self.notify(str(refused), severity="error")

        try:
            visitor_path(suggestion)
        except FileRefused as refused:
            self.notify(str(refused), severity="error")
            return
        dialog = InputDialog(title, file_path, value=suggestion, hint="Enter accepts · Esc cancels")
        self.push_screen(dialog, chosen)

    def _write(self, path: str, kind: FileKind, write: Callable[[str, bool], Command]) -> None:
        """Have the worker write a `kind` file to `path`; over a file that is something else,
        only once the user has said yes to losing it (scratchnet/files.py has the rule). The
        worker checks again as it writes, and says why if it cannot."""
        refusal = check_writable(path, kind)
        if refusal is None or not refusal.foreign:
            self.send(write(path, False))
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.send(write(path, True))
            else:
                self.notify(
                    f"Kept {shown_path(path)} as it was: nothing was written.", markup=False
                )

        question = f"{shown_path(path)}: {refusal.reason}. Replace it?"
        self.push_screen(yes_or_no(question, "replace it", "keep it"), answered)

    def action_save(self) -> None:
        self._ask_path(
            "Save the run to", DEFAULT_RUN_FILE, lambda path: self._write(path, RUN_FILE, SaveRun)
        )

    def action_open(self) -> None:
        self._ask_path("Open a saved run", DEFAULT_RUN_FILE, lambda path: self.send(LoadRun(path)))

    def action_export(self) -> None:
        self._ask_path(
            "Export the losses as CSV to",
            DEFAULT_CSV_FILE,
            lambda path: self._write(path, CSV_FILE, ExportLosses),
        )

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made steady under bursts of keys (see SteadyPalette)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(SteadyPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette's "Theme": its list of themes, in a palette as steady as the first."""
        self.push_screen(SteadyPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_help(self) -> None:
        self.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))

    async def action_quit(self) -> None:
        self.quit_now()
