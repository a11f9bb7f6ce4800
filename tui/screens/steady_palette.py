"""Textual's command palette (ctrl+p), steady under a burst of keys.

A quick typist's keys arrive together, in one read of the terminal (one SSH packet): `ctrl+p
xor Enter Enter`. Textual 8.2.8's palette then acts on keys that reach it after an earlier key
closed it, or before it is ready for them, and each of these ended the app:

- a second Enter selects again after the first closed the palette, and so closes a screen
  again: with none left, `ScreenStackError`;
- PageUp/PageDown while its list has options but has not been laid out yet: `KeyError`;
- once, in a soak, `NoMatches` for its list: what a key asks of a palette being taken down (or
  not yet built) finds no list there.

`SteadyPalette` is the same palette, which acts on keys only while it is open, and leaves the
page keys alone until its list has a size. Nothing else about it changes.
"""

from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.widgets import Button, Input, OptionList

# What the palette does on its own when keys reach it (its bindings are its `_action_*` methods).
KEY_MESSAGES = (Input.Changed, Input.Submitted, Button.Pressed, OptionList.OptionSelected)
PAGE_MOVES = ("page_up", "page_down")


class SteadyPalette(CommandPalette):
    """The command palette, acting on keys only while it is open."""

    def _takes_keys(self) -> bool:
        """On top of the screens and built: not closed by an earlier key, nor being built."""
        return self.is_active and self.is_mounted and bool(self.query(CommandList))

    async def _on_message(self, message: Message) -> None:
        """What a key asks of a palette that is no longer open (or not yet) is dropped."""
        if isinstance(message, KEY_MESSAGES) and not self._takes_keys():
            message.stop()
            return
        await super()._on_message(message)

    def _action_escape(self) -> None:
        if self._takes_keys():
            super()._action_escape()

    def _action_cursor_down(self) -> None:
        if self._takes_keys():
            super()._action_cursor_down()

    def _action_command_list(self, action: str) -> None:
        if not self._takes_keys():
            return
        if action in PAGE_MOVES and not self.query_one(CommandList).scrollable_content_region:
            return  # its options are not laid out yet: there is no page to move by
        super()._action_command_list(action)
