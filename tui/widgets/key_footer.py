"""The footer of keys: Textual's `Footer`, rebuilt only when the keys it shows change.

Textual's footer throws its keys away and makes them again (a recompose) every time the screen's
bindings may have changed: each `refresh_bindings`, each change of focus, each screen pushed or
popped. Opening and closing a side panel or the help does that twice. Each `FooterKey` it makes
is data-bound to the footer's `compact` setting, and Textual keeps such a binding (a watcher
that holds the key) on the footer until `compact` next changes, which in this app is never. So
every rebuild left the old keys alive, with their styles and cached lines: about 0.5 MB per
panel opened and closed, hundreds of megabytes over a long session.

This footer rebuilds only when what it would show differs from what it shows (in this app the
listed keys never change, so it is built once), and after a rebuild it drops the watchers of
the keys it removed, so that a rebuild costs nothing that stays.
"""

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

# What the footer shows for one binding: its key, label, action, whether it is enabled, tooltip.
ShownKey = tuple[str, str, str, bool, str]


def shown_keys(screen: Screen[object]) -> tuple[ShownKey, ...]:
    """The keys a footer on `screen` lists now, with everything it draws of them."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """Textual's footer without its rebuild on every bindings update, nor its leak."""

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self._shown: tuple[ShownKey, ...] | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if shown == self._shown:
            return  # the same keys (shown, or about to be): rebuilding would only make garbage
        if screen.app.app_focus:  # else Textual does not rebuild now, and neither do we
            self._shown = shown  # a rebuild is on its way: the next change is measured from it
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        self._forget_removed_children()

    def _forget_removed_children(self) -> None:
        """Drop the data-binding watchers that removed children left on this footer.

        Textual itself drops them only when the watched setting changes (see the module).
        """
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for pairs in watchers.values():
            pairs[:] = [pair for pair in pairs if not getattr(pair[0], "_closing", False)]
