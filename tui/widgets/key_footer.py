"""The key line: the keys that act now, as many as the width holds, the most used first.

Which keys come first is declared once, beside the keys themselves (`KEY_LINE_RANK` in
tui/keys/bindings.py): help (`?`, where every key is listed) and quitting first, so that at 80
columns over SSH the way to everything else always shows; then pausing, stepping, the data and
the network. What does not fit is left out whole, from the least used, and the keys that stay
keep the key table's order.

Only keys that act where the focus is are listed: not the keys a focused field takes for
itself (a typed character in a text field; space in a list or a checkbox), nor those
`check_action` says do nothing now (the arrows with no panel open). When a field takes `?` or
`q`, help and quitting show their other key (F1, ctrl+c), so neither is ever lost.

A plain widget with `render`, not Textual's `Footer`: that one makes a widget per key again on
every change of focus, and the line's fitting is simpler over text. A click on a key presses it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget

from tui.keys.bindings import ALWAYS_SHOWN, KEY_LINE_RANK

SEPARATOR = " "

# What the footer shows for one binding: its key, label, action, whether it is enabled, tooltip.
ShownKey = tuple[str, str, str, bool, str]


@dataclass(frozen=True)
class Item:
    """One entry of the key line: one key (`q Quit`), or a group's keys under one word
    (`sS Seed`). `key` is what a click presses; `rank` its place in `KEY_LINE_RANK`."""

    keys: str
    label: str
    key: str
    enabled: bool
    rank: int

    @property
    def width(self) -> int:
        return len(self.keys) + 1 + len(self.label)


def shown_keys(screen: Screen[object]) -> tuple[ShownKey, ...]:
    """The keys the key line on `screen` may list now (room allowing), with their words."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for binding, enabled, tooltip in acting(screen)
        if binding.show
    )


def acting(screen: Screen[object]) -> list[tuple[Binding, bool, str]]:
    """The screen's active bindings, but for those whose key the focused widget takes for
    itself: Textual leaves those out already, except the keys whose character it cannot name
    (`plus`, `minus`: a text field types them, and they do nothing else)."""
    focused = screen.focused
    found = []
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        if focused is not None and node is not focused:
            display = binding.key_display or ""
            character = key_to_character(key) or (display if len(display) == 1 else None)
            if focused.check_consume_key(key, character):
                continue
        found.append((binding, enabled, tooltip))
    return found


def key_line_items(screen: Screen[object]) -> tuple[Item, ...]:
    """Every entry the key line could show now, in the key table's order."""
    app = screen.app
    by_action: dict[str, tuple[Binding, bool]] = {}
    hidden: dict[str, tuple[Binding, bool]] = {}
    for binding, enabled, _tooltip in acting(screen):
        shelf = by_action if binding.show else hidden
        shelf.setdefault(binding.action, (binding, enabled))
    for action in ALWAYS_SHOWN:  # a field took its key: the action's other key, if it acts
        if action not in by_action and action in hidden:
            by_action[action] = hidden[action]
    items: list[Item] = []
    for group in grouped(by_action.values()):
        binding, enabled = group[0]
        if len(group) > 1 and binding.group is not None:
            keys = "".join(app.get_key_display(b) for b, _ in group)
            label = binding.group.description
        else:
            keys, label = app.get_key_display(binding), binding.description
        enabled = any(on for _, on in group)
        rank = KEY_LINE_RANK.index(label) if label in KEY_LINE_RANK else len(KEY_LINE_RANK)
        items.append(Item(keys, label, binding.key.split(",")[0], enabled, rank))
    return tuple(items)


def grouped(bindings: Iterable[tuple[Binding, bool]]) -> list[list[tuple[Binding, bool]]]:
    """Bindings next to each other in one group together (`s`, `S`: Seed), the rest alone."""
    groups: list[list[tuple[Binding, bool]]] = []
    for binding, enabled in bindings:
        last = groups[-1][0][0] if groups else None
        if last is not None and binding.group is not None and binding.group == last.group:
            groups[-1].append((binding, enabled))
        else:
            groups.append([(binding, enabled)])
    return groups


def fitting(items: Sequence[Item], width: int) -> list[Item]:
    """The items that fit in `width` cells, taken by rank until one does not, in table order."""
    kept: set[int] = set()
    used = 0
    for place in sorted(range(len(items)), key=lambda place: items[place].rank):
        needed = items[place].width + (len(SEPARATOR) if kept else 0)
        if used + needed > width:
            break
        kept.add(place)
        used += needed
    return [item for place, item in enumerate(items) if place in kept]


class KeyFooter(Widget):
    """The line of keys at the bottom: those that act now, as many as fit, by rank."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}

    def __init__(self) -> None:
        super().__init__()
        self._items: tuple[Item, ...] = ()
        self._places: list[tuple[int, int, str]] = []  # (from, to, key) of each drawn item

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items = key_line_items(screen)
        if items != self._items:
            self._items = items
            self.refresh()

    @property
    def shown(self) -> list[Item]:
        """The entries drawn now, at the line's width."""
        return fitting(self._items, self.content_size.width)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        word_style = self.get_component_rich_style("key-footer--description")
        text = Text(no_wrap=True, overflow="crop")
        self._places = []
        for item in self.shown:
            if text:
                text.append(SEPARATOR)
            start = len(text)
            dim = Style(dim=not item.enabled)
            text.append(item.keys, key_style + dim)
            text.append(f" {item.label}", word_style + dim)
            self._places.append((start, len(text), item.key))
        return text

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as Textual's footer did."""
        for start, end, key in self._places:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
