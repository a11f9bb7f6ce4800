"""Let go of widgets that are gone but that Textual still lists as watching the app.

A widget can ask to be told when a value of another changes (`self.watch(self.app, "theme",
...)`): Textual's TextArea watches the app's theme, to recolour itself. Textual keeps each such
watcher in a list on the watched object, and drops the watchers of widgets that have closed
only when that value next changes. The theme never changes in a session of scratchnet, so every
TextArea ever shown stayed in the app's list, and with it its whole box: its screen, labels,
scroll bars, styles and drawn lines. A kept text (`u`, the gradient check's report, a path
written) shows a TextArea: a 10-minute soak that opened a few dozen of them kept them all, a
good part of the memory it grew.

`drop_closed_watchers` drops them as Textual itself would, the same test (`_closing`): as soon
as a kept text closes (screens/kept_text.py), and for any other widget at the cache sweeper's
beat (every 30 s, app.py).
"""

from typing import Any

from textual.app import App
from textual.dom import DOMNode

WATCHERS = "__watchers"  # where Textual keeps them (textual/reactive.py, `_watch`)


def drop_closed_watchers(app: App[Any]) -> int:
    """Drop the watchers of closed widgets from the app's lists and its screens'; returns how
    many were dropped."""
    dropped = 0
    watched: list[DOMNode] = [app, *app.screen_stack]
    for owner in watched:
        for listed in getattr(owner, WATCHERS, {}).values():
            kept = [(node, callback) for node, callback in listed if not node._closing]
            dropped += len(listed) - len(kept)
            listed[:] = kept
    return dropped
