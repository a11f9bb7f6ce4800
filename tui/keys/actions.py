"""What the keys do to the run: each key's action is one command for the worker.

The app never works out a new setting from what it shows: a key says how to change the run
(`ClimbLadder("learning_rate", +1)`, `ResizeLayer(-1, +1)`), and the worker applies it to the run
it has, between two steps (tui/session/). The file keys ask for a path first (a served app's
visitor may be refused: tui/serving/policy.py) and, over a file that is not one of ours, whether
to replace it.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import CommandPalette

from scratchnet.kinds import number_text
from scratchnet.settings import SETTING
from scratchnet.shown import shown_path
from tui.app_state import AppState
from tui.session import commands
from tui.widgets.controls import ControlsPanel

# What only a key needs (the files, the palette's own screen, the help, a served visitor's
# policy) is imported by that key's action: the first frame is drawn without them.
if TYPE_CHECKING:
    from scratchnet.files import FileKind

DEFAULT_RUN_FILE = "scratchnet-run.json"
DEFAULT_CSV_FILE = "scratchnet-losses.csv"


class KeyActions(AppState):
    """The keys' actions on the run, its files and the palette (a part of `ScratchnetApp`)."""

    def action_toggle_pause(self) -> None:
        self.send(commands.TogglePause())

    def action_step(self) -> None:
        self.send(commands.StepOnce())

    def action_reset(self) -> None:
        self.send(commands.Reset())

    def action_seed(self, delta: int) -> None:
        self.send(commands.ChangeSeed(delta))

    def action_climb_speed(self, direction: int) -> None:
        self.send(commands.ClimbLadder("speed", direction))

    def action_scrub(self, direction: int, tenth: bool = False) -> None:
        self.send(commands.Scrub(direction, tenth))

    def action_scrub_to(self, end: bool) -> None:
        self.send(commands.ScrubTo(end))

    def action_replay(self) -> None:
        self.send(commands.Replay())

    def action_climb_learning_rate(self, direction: int) -> None:
        """`+`/`-`: the learning rate's ladder; in the diagram, nudge the weight or bias there."""
        if self.side == "diagram":
            self.send(commands.NudgeParameter(self.diagram().chosen(), direction))
        else:
            self.send(commands.ClimbLadder("learning_rate", direction))

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

        from tui.screens.input_dialog import InputDialog  # when first asked: see `_ask_path`

        dialog = InputDialog(
            f"Learning rate (now {current})", setting.parse, placeholder="e.g. 0.3, 3, 1e-2"
        )
        self.push_screen(dialog, apply)

    def action_next_dataset(self) -> None:
        self.send(commands.NextChoice("dataset_name"))

    def action_next_activation(self) -> None:
        self.send(commands.NextChoice("activation"))

    def action_layers(self, change: int) -> None:
        if self.side == "diagram":
            from tui.keys.diagram_keys import layers_at  # imported once the diagram is open

            diagram = self.diagram()
            self._send_or_say(layers_at(diagram.chosen(), diagram.shape, change))
        else:
            self.send(commands.AddLayer() if change > 0 else commands.RemoveLayer())

    def action_neurons(self, change: int) -> None:
        if self.side == "diagram":
            from tui.keys.diagram_keys import neurons_at

            diagram = self.diagram()
            self._send_or_say(neurons_at(diagram.chosen(), diagram.shape, change))
        else:
            self.send(commands.ResizeLayer(-1, change))

    def _send_or_say(self, command: commands.Command | str) -> None:
        """Send the command, or show why the key does nothing here."""
        if isinstance(command, str):
            self.notify(command, severity="warning")
        else:
            self.send(command)

    def action_toggle_test_points(self) -> None:
        self.send(commands.ToggleView("show_test_data"))
        if self.snapshot is not None and not self.snapshot.test_points:
            self.notify("There are no test points: set Training data below 100 % (c).")

    def action_toggle_discrete(self) -> None:
        self.send(commands.ToggleView("discretize"))

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
        self.keep_text(line, title="The command that repeats this run", sent=True)

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
        self.keep_text(url, title="This run in TensorFlow Playground", sent=True)

    def action_check_gradients(self) -> None:
        """Begin a check, or stop the one in progress: the worker says which, in one line."""
        self.send(commands.CheckGradients())

    def _ask_path(self, title: str, suggestion: str, then: Callable[[str], None]) -> None:
        """Ask for a path, then act on it; a served app's visitor may be refused
        (tui/serving/policy.py): before asking when it may use no file, else after."""
        from tui.screens.input_dialog import InputDialog, file_path  # the first frame needs none
        from tui.serving.policy import FileRefused, visitor_path

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

    def _write(
        self, path: str, kind: "FileKind", write: Callable[[str, bool], commands.Command]
    ) -> None:
        """Have the worker write a `kind` file to `path`; over a file that is something else,
        only once the user has said yes to losing it (scratchnet/files.py has the rule). The
        worker checks again as it writes, and says why if it cannot."""
        from scratchnet.files import check_writable
        from tui.screens.input_dialog import yes_or_no

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
        from scratchnet.runfile import RUN_FILE

        self._ask_path(
            "Save the run to",
            DEFAULT_RUN_FILE,
            lambda path: self._write(path, RUN_FILE, commands.SaveRun),
        )

    def action_open(self) -> None:
        self._ask_path(
            "Open a saved run", DEFAULT_RUN_FILE, lambda path: self.send(commands.LoadRun(path))
        )

    def action_export(self) -> None:
        from scratchnet.export import CSV_FILE

        self._ask_path(
            "Export the losses as CSV to",
            DEFAULT_CSV_FILE,
            lambda path: self._write(path, CSV_FILE, commands.ExportLosses),
        )

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made steady under bursts of keys (see SteadyPalette)."""
        from tui.screens.steady_palette import SteadyPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            # No id: Textual's fixed "--command-palette" made a palette opened while the last
            # was still being taken apart (Esc ctrl+p in one burst) a duplicate, ending the app.
            self.push_screen(SteadyPalette())

    def search_themes(self) -> None:
        """The palette's "Theme": its list of themes, in a palette as steady as the first."""
        from textual.theme import ThemeProvider

        from tui.screens.steady_palette import SteadyPalette

        self.push_screen(SteadyPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def keep_text(self, text: str, *, title: str = "", note: str = "", sent: bool = False) -> None:
        """Show a text to read or copy (a URL, a report, a path) until the user dismisses it:
        a toast would go by itself and cannot be selected. `sent`: the text was also sent to
        the terminal's clipboard, and the box says so, honestly (see SENT_TO_TERMINAL)."""
        from tui.screens.kept_text import SENT_TO_TERMINAL, KeptText  # when first needed

        self.push_screen(KeptText(text, title=title, note=SENT_TO_TERMINAL if sent else note))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        bindings = [b for b in self.BINDINGS if isinstance(b, Binding)]
        self.push_screen(HelpScreen(bindings, self.snapshot))
