"""The one dialog that asks for a value: a learning rate, a file's path, a weight, or a yes.

Enter reads the text with the dialog's `parse` (a setting's own, or a path's); text it refuses
keeps the dialog open with the reason, in one line, and changes nothing. Esc cancels.

A question (`yes_or_no`) is the same dialog without the text box: one key answers it, from the
dialog's `keys`. It is one class rather than two because everything else is the same: the box,
its title and hint, Esc, answering once (`ClosesOnce`), the styles in app.tcss, and how the app
waits for it.
"""

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.screens.closes_once import ClosesOnce

T = TypeVar("T")


class InputDialog(ClosesOnce[T | None], Generic[T]):
    """Ask for a value; dismissed with the parsed value, or None when cancelled.

    `parse` reads typed text; or, with `keys` (and no `parse`), a key pressed is the answer:
    the value it maps to.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        parse: Callable[[str], T] | None = None,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "Enter applies · Esc cancels",
        keys: Mapping[str, T] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.parse = parse
        self.keys = dict(keys or {})
        self.value = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # Plain text: a title may quote a value, a path or a weight as it is.
            yield Label(self.title_text, classes="title", markup=False)
            if self.parse is not None:
                yield Input(value=self.value, placeholder=self.placeholder, id="value")
            yield Label(self.hint, id="reason", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.parse is None:
            return
        try:
            value = self.parse(event.value)
        except ValueError as error:
            reason = self.query_one("#reason", Label)
            reason.update(Text(str(error)))  # plain text: the reason may quote what was typed
            reason.set_class(True, "error")
            return
        self.close_once(value)

    def on_key(self, event: events.Key) -> None:
        """A question's answer: one of its `keys` (a dialog with a text box has none)."""
        if event.key in self.keys:
            event.stop()
            event.prevent_default()
            self.close_once(self.keys[event.key])

    def action_cancel(self) -> None:
        self.close_once(None)


def yes_or_no(title: str, yes: str, no: str) -> InputDialog[bool]:
    """A question that only `y` answers yes (True): `n` and Enter answer no (False), Esc None.

    No is the default, for a question whose yes cannot be undone (replacing someone's file):
    a key meant for the app, or Enter pressed out of habit, never says yes. `yes` and `no` say
    what each answer does, for the hint: "replace it", "keep it".
    """
    return InputDialog(
        title,
        hint=f"y: {yes} · n, Enter or Esc: {no}",
        keys={"y": True, "n": False, "enter": False},
    )


def file_path(text: str) -> str:
    """A path typed in a dialog: anything but blank (the worker says if it cannot be used)."""
    path = text.strip()
    if not path:
        raise ValueError("type a file name, or press Esc")
    return path
