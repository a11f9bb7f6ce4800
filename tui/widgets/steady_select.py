"""Textual's Select, lighter, and with an open list that takes Page Up and Page Down before it has
been laid out.

Light: Textual's Select is six widgets: its current value (SelectCurrent) drawn by three of its
own (the value, a down arrow, an up arrow), and its list (SelectOverlay, an OptionList), made and
filled from the start, open or not. The settings panel has nine: 54 of its 92 widgets, a good
part of the 6.8 MB its first opening cost, and their edges cut the lines drawn under them into
more pieces, which Textual keeps (about 1 KB each). Here the current value is one widget that
draws all three, cell for cell as Textual draws them, and the list is made the first time it
opens: two widgets a list until then.

Steady: a Select's open list finds how far a page goes from its laid-out lines, and lays them
out only once it has a size. Opened with Enter and sent Page Down in the same burst of keys (one
SSH packet, a held key), it had none yet: Textual 8.2.8 looked up a line that was not there
(KeyError in OptionList._move_page) and the app ended. The soak found it in the settings panel.
Until the list is laid out there is no page to move by, so a page key does nothing then, as the
command palette's list does (screens/steady_palette.py).
"""

from rich.console import RenderableType
from rich.segment import Segment
from textual import _widget_navigation
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import AwaitMount
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay

ARROW_CELLS = 2  # Textual's arrow: one cell of padding, then the arrow


class SteadyOverlay(SelectOverlay):
    """A Select's open list that ignores a page key until it has been laid out."""

    def _move_page(self, direction: _widget_navigation.Direction) -> None:
        if not self.scrollable_content_region:
            return  # no size yet, so no lines: no page to move by
        super()._move_page(direction)


class CurrentValue(SelectCurrent):
    """A list's current value and its arrow, drawn by one widget where Textual uses three.

    Cell for cell as Textual's: the value wrapped in the width the arrow leaves, in the value's
    colour; then the arrow in its fainter one (▲ while the list is open); the cells between
    them in the background alone, as Textual pads a widget (so a focused list's reverse video
    covers the value and the arrow, not the gap).
    """

    COMPONENT_CLASSES = {"current-value--label", "current-value--arrow"}
    DEFAULT_CSS = """
    CurrentValue {
        & > .current-value--label { color: $foreground 50%; }
        &.-has-value > .current-value--label { color: $foreground; }
        & > .current-value--arrow { color: $foreground 50%; }
    }
    """

    def compose(self) -> ComposeResult:
        yield from ()  # drawn by itself (`render_line`)

    def update(self, label: RenderableType | NoSelection) -> None:
        """Show this value (or the placeholder): it may take another number of lines."""
        self.label = label
        self.has_value = not isinstance(label, NoSelection)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._label_lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._label_lines(width)
        if y >= len(lines):
            return Strip([])
        if y > 0:
            return lines[y]  # the arrow is on the first line only
        base, background = self.background_colors
        gap = Style(background=base + background).rich_style  # as Textual pads a widget
        arrow = Content("▲" if self.parent and self.parent.has_class("-expanded") else "▼")
        style = self._part_style("current-value--arrow")
        ends = [Segment(" ", gap), *arrow.render_strips(1, 1, style, self._options())[0]]
        label = lines[0].adjust_cell_length(max(0, width - ARROW_CELLS), gap)
        return Strip.join([label, Strip(ends, ARROW_CELLS)])

    def _label_lines(self, width: int) -> list[Strip]:
        """The value's lines, wrapped and drawn as Textual's Static draws it beside the arrow."""
        label = self.placeholder if isinstance(self.label, NoSelection) else self.label
        text = label if isinstance(label, Content) else Content.from_markup(str(label))
        style = self._part_style("current-value--label")
        return text.render_strips(max(1, width - ARROW_CELLS), None, style, self._options())

    def _part_style(self, part: str) -> Style:
        """The widget's style (its reverse video when focused too) in the colour of a part."""
        return self.visual_style + Style(foreground=self.get_component_styles(part).color)

    def _options(self) -> RenderOptions:
        return RenderOptions(self._get_style, self.styles.get_rules())


class SteadySelect(Select[str]):
    """Textual's Select, lighter, its open list steady under page keys (see the module).

    Only for lists without a blank choice (`allow_blank=False`), as the settings panel's are.
    """

    _list_mounting: AwaitMount | None = None  # once the list has been asked for
    _list_filled = False  # the list is mounted and holds the choices

    def compose(self) -> ComposeResult:
        """As Textual's `Select.compose`, without the list: it is made when first opened."""
        yield CurrentValue(self.prompt)

    def action_show_overlay(self) -> None:
        """Textual's (Enter, Space, the arrows); the first time, the list is made first."""
        if self._list_filled:
            super().action_show_overlay()
        else:
            self.expanded = True  # opened once made (`_watch_expanded`)

    def _watch_expanded(self, expanded: bool) -> None:
        """As Textual's; opened the first time (a key or a click), the list is made first."""
        if expanded and not self._list_filled:
            self.call_later(self._open_when_made)
            return
        super()._watch_expanded(expanded)
        for shown in self.query(CurrentValue):
            shown.refresh()  # its arrow: ▲ while the list is open

    async def _open_when_made(self) -> None:
        """Make the list and fill it with the choices, then open it (unless closed meanwhile).

        Its `compact` is copied, not bound as Textual binds it: only the widget composing it
        may bind it. The panel never changes it."""
        if self._list_mounting is None:
            overlay = SteadyOverlay(type_to_search=self._type_to_search)
            overlay.compact = self.compact
            self._list_mounting = self.mount(overlay)
        await self._list_mounting
        if not self._list_filled:
            self._list_filled = True
            self._setup_options_renderables()
        if self.expanded:
            self._watch_expanded(True)

    def _setup_options_renderables(self) -> None:
        if self._list_filled:  # until then, the list is filled with the choices when made
            super()._setup_options_renderables()

    def _watch_value(self, value: str | NoSelection) -> None:
        """As Textual's, which also highlights the value in the list: here only once there is
        one (until then, opening it highlights the value)."""
        if self._list_filled:
            super()._watch_value(value)
            return
        self._value = value
        shown = self.query(CurrentValue)
        if not shown:
            return  # not composed yet: Textual's Select sets its value again once mounted
        if isinstance(value, NoSelection):
            shown.first().update(value)
        else:
            label = next((label for label, choice in self._options if choice == value), None)
            if label is not None:
                shown.first().update(label)
        self.post_message(self.Changed(self, value))
