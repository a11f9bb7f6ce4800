"""ScratchnetApp: the screen, and the routes between the keys, the worker and the widgets.

Every key becomes a command for the worker (tui/session/), which owns the run, whichever kind it
is, and runs in a thread of its own; the worker answers with frozen snapshots, which the app
hands to its widgets through one reactive attribute. No training logic lives here, and the app
never asks which kind of run it shows: the snapshot says what it needs (its settings table, its
unit, its domain, its URL).

The app is made of parts, each a job of its own: the key table (keys/bindings.py), the keys'
actions (keys/actions.py), the right-hand pane and which keys act now (keys/pane.py), and
quitting, signals and the autosave (lifecycle/quitting.py). This file lays the screen out,
starts the worker, and routes the messages.
"""

import contextlib
import threading
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ComposeResult
from textual.command import Provider
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from scratchnet.run import Run, Settings
from tui.keys.actions import KeyActions
from tui.keys.bindings import BINDINGS
from tui.keys.pane import SidePane
from tui.lifecycle import garbage
from tui.lifecycle.cache_sweeper import SWEEP_SECONDS, sweep
from tui.lifecycle.closed_watchers import drop_closed_watchers
from tui.lifecycle.heap_trim import trim_heap
from tui.lifecycle.quitting import Quitting
from tui.messages import GradientReady, NoticeReady, SnapshotReady, Steer
from tui.session import TrainingSession, commands
from tui.session.gradient_check import CHECKING
from tui.session.training import PACE
from tui.snapshot import Event, GradientReport, Notice, Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.diagnosis_line import DiagnosisLine
from tui.widgets.key_footer import KeyFooter
from tui.widgets.loss_plot import LossPlot
from tui.widgets.panes import Backdrop, Panes
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.status_bar import StatusBar
from tui.widgets.timeline_bar import TimelineBar

if TYPE_CHECKING:  # imported when the diagram first opens (app_state.py), not for the first frame
    from tui.widgets.network_diagram import NetworkDiagram

MIN_WIDTH, MIN_HEIGHT = 60, 16


def settings_commands() -> type[Provider]:
    """The palette's settings (tui/keys/command_palette.py), imported when the palette first
    opens: the first frame does not wait for them."""
    from tui.keys.command_palette import SettingsCommands

    return SettingsCommands


class ScratchnetApp(KeyActions, SidePane, Quitting):
    """Train a network live, the tutorial's or a TensorFlow Playground run, and steer it from
    the keyboard."""

    TITLE = "scratchnet"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {settings_commands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = BINDINGS

    def __init__(
        self,
        settings: "Settings | None" = None,
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
        self.gradient_report: GradientReport | None = None  # the last one, for the tests
        self._sizes_sent: set[str] = set()  # "grid", "plot": see `_sized`
        self.ready_to_quit()

    def get_default_screen(self) -> Screen[None]:
        return Backdrop(id="_default")  # Textual's own id for it

    def compose(self) -> ComposeResult:
        with Panes(id="main"):
            yield ControlsPanel(id="controls").data_bind(ScratchnetApp.snapshot)
            yield PredictionGrid(id="grid").data_bind(ScratchnetApp.snapshot)
            # The looks inside (neurons, probe, health, diagram) join the loss plot here the
            # first time they open (AppState.view): the first frame does without them.
            with ContentSwitcher(id="side", initial="loss"):
                yield LossPlot(id="loss").data_bind(ScratchnetApp.snapshot)
        yield TimelineBar(id="timeline").data_bind(ScratchnetApp.snapshot)
        yield DiagnosisLine(id="diagnosis").data_bind(ScratchnetApp.snapshot)
        yield StatusBar(id="status").data_bind(ScratchnetApp.snapshot)
        yield Static(
            f"The terminal is too small for scratchnet: make it at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}, or press q to quit.",
            id="too-small",
        )
        # ctrl+p (every setting, searchable) is in the help screen: the key line has no room left.
        yield KeyFooter()

    def on_mount(self) -> None:
        self._catch_signals()  # lifecycle/quitting.py
        self.query_one("#grid").border_title = "prediction f(x, y)"
        self.query_one("#loss").border_title = "loss (log scale)"
        self.query_one("#controls").border_title = "settings (Tab moves, c hides)"
        self.set_interval(SWEEP_SECONDS, self._sweep)  # memory flat over a long session
        # The worker starts once the first layout has sent it the picture's size and the plot's
        # width (`_sized`), so its first frame is drawn once, at the size shown, while Textual
        # paints the screen around it; or, if they never come (a terminal too small shows
        # neither), once the screen is drawn.
        self.call_after_refresh(self.train)

    def _sweep(self) -> None:
        """Let go of what Textual and Rich keep and no longer need (see tui/lifecycle)."""
        sweep()
        drop_closed_watchers(self)
        trim_heap()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(small, "too-small")

    # -- the worker ------------------------------------------------------------------------------

    def train(self) -> None:
        """Run the session in a thread of its own; its snapshots come back as messages.

        A daemon thread, not a Textual thread worker: Textual (through asyncio's executor)
        waits for its workers' threads before the process may end, and a step, a picture or a
        gradient check of a big network takes minutes. Quitting never waits for such work:
        `stop_and_autosave` waits only while the worker applies the keys sent before `q`, then
        saves the run (as it was between two steps, if the worker is stuck), and `main` leaves.
        """
        if self.worker is not None:  # started already
            return
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
        if notice.keep:  # a path to read or copy: it stays until dismissed
            self.keep_text(notice.text)
        else:
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
        for shown in list(self._notifications):  # "Checking backprop ...": it has finished
            if shown.message.startswith(CHECKING):
                self._unnotify(shown)  # and off the screen now, not at the end of its time
        from tui.drawing.gradient_text import gradient_text  # the first frame needs none

        self.keep_text(gradient_text(message.report), title="Gradient check")

    def on_steer(self, message: Steer) -> None:
        self.send(message.command)

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        if not self.is_running:  # closing: its widgets are going, the worker's last frames not
            return
        before, self.snapshot = self.snapshot, message.snapshot
        snapshot = message.snapshot
        if before is None or (before.url is None) != (snapshot.url is None):
            self.refresh_bindings()  # `u` acts for a run with a URL only (see check_action)
        if before is None:
            self.call_after_refresh(garbage.resume)  # the first frame is drawn
        self.pane_follows(before, snapshot)

    def on_controls_panel_changed(self, message: ControlsPanel.Changed) -> None:
        self.change(**{message.field: message.value})

    def on_prediction_grid_size_changed(self, message: PredictionGrid.SizeChanged) -> None:
        self.send(commands.SetGridSize(message.columns, message.rows))
        self._sized("grid")

    def on_network_diagram_size_changed(self, message: "NetworkDiagram.SizeChanged") -> None:
        self.send(commands.SetDiagramSize(message.columns, message.rows, *message.pane))

    def on_loss_plot_width_changed(self, message: LossPlot.WidthChanged) -> None:
        self.send(commands.SetPlotWidth(message.width))
        self._sized("plot")

    def _sized(self, part: str) -> None:
        """The worker may start once it knows both sizes its first frame is drawn at."""
        self._sizes_sent.add(part)
        if self._sizes_sent == {"grid", "plot"}:
            self.train()
