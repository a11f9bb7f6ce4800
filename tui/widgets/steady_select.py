"""Textual's Select, whose open list takes Page Up and Page Down before it has been laid out.

A Select's open list (Textual's SelectOverlay, an OptionList) finds how far a page goes from its
laid-out lines, and lays them out only once it has a size. Opened with Enter and sent Page Down
in the same burst of keys (one SSH packet, a held key), it had none yet: Textual 8.2.8 looked up
a line that was not there (KeyError in OptionList._move_page) and the app ended. The soak found
it in the settings panel. Until the list is laid out there is no page to move by, so a page key
does nothing then, as the command palette's list does (screens/steady_palette.py).
"""

from textual import _widget_navigation
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class SteadyOverlay(SelectOverlay):
    """A Select's open list that ignores a page key until it has been laid out."""

    def _move_page(self, direction: _widget_navigation.Direction) -> None:
        if not self.scrollable_content_region:
            return  # no size yet, so no lines: no page to move by
        super()._move_page(direction)


class SteadySelect(Select[str]):
    """Textual's Select, with its open list steady under page keys (see the module)."""

    def compose(self) -> ComposeResult:
        """As Textual's `Select.compose`, with `SteadyOverlay` for its list."""
        yield SelectCurrent(self.prompt)
        yield SteadyOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
