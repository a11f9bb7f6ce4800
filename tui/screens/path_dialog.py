"""A dialog that asks for a file's path: for saving, opening and exporting runs.

Enter accepts the path (a suggestion is filled in), Esc cancels. The file itself is written or
read by the worker, which says in one line how it went.
"""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PathDialog(ModalScreen[str | None]):
    """Ask for a path; dismissed with the text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, suggestion: str) -> None:
        super().__init__()
        self.title_text = title
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, classes="title")
            yield Input(value=self.suggestion, id="path")
            yield Label("Enter accepts · Esc cancels", id="reason", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            reason = self.query_one("#reason", Label)
            reason.update("type a file name, or press Esc")
            reason.set_class(True, "error")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
