"""Textual's command palette (ctrl+p), steady under a burst of keys.

A quick typist's keys arrive together, in one read of the terminal (one SSH packet): `ctrl+p
xor Enter Enter`. Textual 8.2.8's palette then acts on keys that reach it after an earlier key
closed it, or before it is ready for them, and each of these ended the app:

- a second Enter selects again after the first closed the palette, and so closes a screen
  again: with none left, `ScreenStackError`;
- PageUp/PageDown while its list has options but has not been laid out yet: `KeyError`;
- `NoMatches` for its list: a search still running in a palette being taken apart finds no
  list to fill;
- an Enter that came before the search for what was typed had ended acted on the list of the
  search before: `ctrl+p tanh Enter Enter` on a busy machine ran the first command of the empty
  search ("Speed (steps/s): 1"), not tanh; and Enter, run as a binding once the key had gone up
  to the app, found in the search box the letters typed after it too;
- and (the app's part, tui/app.py) `DuplicateIds`: every palette had the same id, so one opened
  while the last was still being taken apart (Esc ctrl+p) could not be added.

`SteadyPalette` is the same palette, which acts on keys only while it is open, leaves the page
keys alone until its list has a size, takes Enter in its place among the letters and holds it
until the search for what was typed before it has ended, and lets a search end quietly when its
list has gone.
Nothing else about it changes.
"""

from contextlib import suppress

from textual import events, work
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, OptionList

# What the palette does on its own when keys reach it (its bindings are its `_action_*` methods).
KEY_MESSAGES = (Input.Changed, Input.Submitted, Button.Pressed, OptionList.OptionSelected)
PAGE_MOVES = ("page_up", "page_down")
# The palette's search as Textual wrote it, without the worker Textual runs it in.
TEXTUALS_SEARCH = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


class SearchBox(CommandInput):
    """The palette's search box, which hands on an Enter the moment it reads it, after the
    letters before it and before those after. Textual's runs Enter as a binding once the key
    has gone up to the app, by when the letters typed after it are in the box too."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)


class SteadyPalette(CommandPalette):
    """The command palette, acting on keys only while it is open."""

    _searched: str | None = None  # what the last search that ended was for
    # Enters that came before the search for what was typed before them had ended. While they
    # wait, no search begins (see `_on_message`), so the one that ends next is theirs.
    _enters_held = 0
    _typed_after: str | None = None  # the search box's text after them, searched after them

    def compose(self) -> ComposeResult:
        """Textual's palette, with the search box that keeps Enter in its place."""
        for widget in super().compose():
            if isinstance(widget, CommandInput):
                widget = SearchBox(placeholder=self._placeholder, select_on_focus=False)
            yield widget

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's search, ended quietly when the palette's list is gone (taken apart); then
        the Enters held for it act on what it found."""
        with suppress(NoMatches):
            await TEXTUALS_SEARCH(self, search_value)
            self._searched = search_value
            if self._enters_held:
                self._press_held_enters()

    def _holds_enter(self, typed: str) -> bool:
        """Whether an Enter typed after `typed` must wait: the search for it has not ended (or
        Enters before it wait), and no command has been chosen for Enter to run."""
        searching = self._searched != typed.strip() and self._selected_command is None
        return bool(self._enters_held) or searching

    def _press_held_enters(self) -> None:
        """Each held Enter, as Textual acts on one, while the palette is still open; then, if
        it is still open, the search for what was typed after them."""
        held, self._enters_held = self._enters_held, 0
        for _ in range(held):
            if self._takes_keys():
                self._select_or_command()
        typed, self._typed_after = self._typed_after, None
        if typed is not None and self._takes_keys():
            self.post_message(Input.Changed(self.query_one(CommandInput), typed))

    def _takes_keys(self) -> bool:
        """On top of the screens and built: not closed by an earlier key, nor being built."""
        return self.is_active and self.is_mounted and bool(self.query(CommandList))

    async def _on_message(self, message: Message) -> None:
        """What a key asks of a palette that is no longer open (or not yet) is dropped."""
        if isinstance(message, KEY_MESSAGES) and not self._takes_keys():
            message.stop()
            return
        if isinstance(message, Input.Changed) and self._enters_held:
            self._typed_after = message.value  # searched once the held Enters have acted
            message.stop()
            return
        if isinstance(message, Input.Submitted) and self._holds_enter(message.value):
            message.stop()
            self._enters_held += 1
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
