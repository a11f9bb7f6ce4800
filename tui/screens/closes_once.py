"""A box over the app that closes once, however many keys ask it to.

Keys typed quickly reach the app in one packet over SSH: Esc Esc, Enter Enter or Enter Esc can
ask a box to close twice before it has gone. Textual ends the app when a screen is dismissed
twice (InvalidStateError), so every box the app opens closes through `close_once`.
"""

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class ClosesOnce(ModalScreen[ResultType]):
    """A modal screen whose `close_once` dismisses it the first time and does nothing after."""

    def __init__(self) -> None:
        super().__init__()
        self._close_asked = False  # not `_closing`: Textual's own name for a closing screen

    def close_once(self, result: ResultType) -> None:
        """Dismiss with `result`, unless a key has already asked for it to close."""
        if self._close_asked:
            return
        self._close_asked = True
        self.dismiss(result)
