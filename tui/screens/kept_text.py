"""A text a user must read or copy, kept on screen until dismissed: a URL, a gradient check's
report, the path a file was written to.

A toast goes by itself after a few seconds and cannot be selected; this box stays until Esc or
Enter, and its text sits in a read-only text area, which the mouse (or shift and the arrows)
selects, and the terminal's own selection (shift and the mouse) works too. A long URL
wraps inside the box instead of over the picture.
The box takes Esc, Enter and the keys that select (arrows, shift, ctrl+c); the app's letters and
signs still act as they would without it: space still pauses, q still quits.

Nothing here is read as markup: the text is a path, a URL or numbers, as they are.
"""

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from tui.lifecycle.closed_watchers import drop_closed_watchers
from tui.screens.closes_once import ClosesOnce

# What `copy_to_clipboard` does is send the text to the terminal (OSC 52); whether it reaches
# the clipboard is the terminal's choice, and many say no (tmux, by default): never "Copied".
SENT_TO_TERMINAL = (
    "Sent to the terminal's clipboard (OSC 52), which it may ignore (tmux does by default): "
    "if it did not arrive, select the text above and copy it."
)
# Textual's own selection (the mouse, then ctrl+c) goes through OSC 52 as well; shift and the
# mouse is the terminal's own selection, which most terminals offer under an app's mouse.
HINT = "Esc or Enter closes · shift and the mouse select it in most terminals"


class KeptText(ClosesOnce[None]):
    """A title, a text to read or copy, and what was done with it; Esc or Enter closes."""

    BINDINGS = [Binding("escape,enter", "close", "Close", show=False)]

    def __init__(self, text: str, *, title: str = "", note: str = "") -> None:
        super().__init__()
        self.text = text
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="kept"):
            if self.title_text:
                yield Label(self.title_text, classes="title", markup=False)
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="kept-text")
            if self.note:
                yield Label(self.note, classes="note", markup=False)
            yield Label(HINT, classes="hint", markup=False)

    async def on_key(self, event: events.Key) -> None:
        """A letter or sign of the app's (space, q, w ...) acts as it would without the box: a
        modal screen would otherwise keep every key from the app while the text is shown. Only
        when the box is over the app's own screen: over help, `?` would close help from under
        the box."""
        stack = self.app.screen_stack
        if not event.is_printable or len(stack) != 2 or stack[-1] is not self:
            return  # only to the app's own screen: not to help or a dialog under the box
        below = stack[-2].active_bindings.get(event.key)
        if below is not None and below.enabled:
            event.stop()
            await self.app.run_action(below.binding.action, below.node)

    def action_close(self) -> None:
        self.close_once(None)

    def on_unmount(self) -> None:
        """Its text area is let go of at once: Textual would keep it (see closed_watchers.py)."""
        drop_closed_watchers(self.app)
