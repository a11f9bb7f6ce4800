"""The dialog that asks for an exact learning rate.

Enter applies it, Esc cancels. Text that is not a usable learning rate keeps the dialog open
with the reason and changes nothing.
"""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from scratchnet.config import number_text
from scratchnet.options import parse_learning_rate


class LearningRateScreen(ModalScreen[float | None]):
    """Type a learning rate; dismissed with the number, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: float) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Learning rate (now {number_text(self.current)})", classes="title")
            yield Input(placeholder="e.g. 0.3, 3, 1e-2", id="learning-rate")
            yield Label("Enter applies · Esc cancels", id="reason", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = self.query_one("#reason", Label)
        try:
            value = parse_learning_rate(event.value)
        except ValueError as error:
            reason.update(str(error))
            reason.set_class(True, "error")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
