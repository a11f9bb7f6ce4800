"""The one dialog that asks for a value: a learning rate, a file's path, a weight.

Enter reads the text with the dialog's `parse` (a setting's own, or a path's); text it refuses
keeps the dialog open with the reason, in one line, and changes nothing. Esc cancels.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

T = TypeVar("T")


class InputDialog(ModalScreen[T | None], Generic[T]):
    """Ask for a value; dismissed with the parsed value, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        parse: Callable[[str], T],
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "Enter applies · Esc cancels",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.parse = parse
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # Plain text: a title may quote a value, a path or a weight as it is.
            yield Label(self.title_text, classes="title", markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="value")
            yield Label(self.hint, id="reason", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = self.parse(event.value)
        except ValueError as error:
            reason = self.query_one("#reason", Label)
            reason.update(Text(str(error)))  # plain text: the reason may quote what was typed
            reason.set_class(True, "error")
            return
        self._answer(value)

    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, value: T | None) -> None:
        """Close with `value`, once: keys in a burst (Enter Enter, Enter Esc) can ask twice
        before the dialog has gone, and a screen dismissed twice would end the app."""
        if self._answered:
            return
        self._answered = True
        self.dismiss(value)


def file_path(text: str) -> str:
    """A path typed in a dialog: anything but blank (the worker says if it cannot be used)."""
    path = text.strip()
    if not path:
        raise ValueError("type a file name, or press Esc")
    return path
