"""Every setting in Textual's command palette (ctrl+p): type "xor", "tanh" or "noise 10".

The entries are made from the settings table (`scratchnet.settings`), so the palette offers
every choice the panel does, plus the learning-rate ladder, the feature toggles and the layer
keys. Each entry is a command for the worker (sent through the app as a `Steer` message) or one
of the app's own actions.
"""

from dataclasses import dataclass

from textual.command import Hit, Hits, Provider

from scratchnet.features import FEATURES, LABELS
from scratchnet.settings import SETTINGS, Setting
from tui.messages import Steer
from tui.session.commands import (
    AddLayer,
    ChangeSettings,
    Command,
    RemoveLayer,
    ResizeLayer,
    ToggleFeature,
)
from tui.snapshot import Snapshot

# Textual's own commands are found with a score of 0: ours are listed above them.
DISCOVERED_FIRST = 1.0


@dataclass(frozen=True)
class PaletteEntry:
    """One line of the palette: its title, a hint, and what it does.

    `does` is a command for the worker, or the name of an app action ("toggle_controls").
    """

    title: str
    help: str
    does: Command | str


def palette_entries(
    dataset: str | None = None, table: tuple[Setting, ...] = SETTINGS
) -> list[PaletteEntry]:
    """Every choice of every setting, the feature toggles, the layer keys, two app actions.

    Given the run's `dataset`, the settings it does not use (noise for the grid) are left out.
    `table` is the run's settings table (`Run.settings_table`: the Playground's for its runs).
    """
    entries = [
        PaletteEntry(
            f"{setting.label}: {setting.choice_label(text)}{setting.unit}",
            f"set {setting.label.lower()}",
            ChangeSettings.of(**{setting.name: setting.parse(text)}),
        )
        for setting in table
        if dataset is None or setting.applies(dataset)
        for text in setting.offered()
    ]
    entries += [
        PaletteEntry(
            f"Feature: toggle {LABELS.get(name, name)}",
            "add or remove an input",
            ToggleFeature(name),
        )
        for name in FEATURES
    ]
    entries += [
        PaletteEntry("Hidden layers: add one", "like ]", AddLayer()),
        PaletteEntry("Hidden layers: remove one", "like [", RemoveLayer()),
        PaletteEntry("Neurons: one more in the last layer", "like .", ResizeLayer(-1, 1)),
        PaletteEntry("Neurons: one fewer in the last layer", "like ,", ResizeLayer(-1, -1)),
        PaletteEntry("Controls: show or hide the panel", "like c", "toggle_controls"),
        PaletteEntry(
            "Diagram: show or hide the network diagram (edit weights, layers, features)",
            "like v",
            "toggle_diagram",
        ),
        PaletteEntry(
            "Command line: show the one that repeats this run, to copy",
            "sent to the terminal's clipboard too",
            "copy_command_line",
        ),
    ]
    return entries


class SettingsCommands(Provider):
    """The palette's source of setting commands."""

    def _do(self, entry: PaletteEntry) -> None:
        if isinstance(entry.does, str):
            self.app.call_later(self.app.run_action, entry.does)
        else:
            self.app.post_message(Steer(entry.does))

    def _entries(self) -> list[PaletteEntry]:
        """The entries for the run on screen: its settings table's, for its dataset."""
        snapshot = getattr(self.app, "snapshot", None)
        if not isinstance(snapshot, Snapshot):
            return palette_entries()
        return palette_entries(snapshot.dataset, snapshot.table)

    async def discover(self) -> Hits:
        """Every entry, before Textual's own commands (Keys, Quit, ...) whatever order the
        providers answer in (a set: it changed from run to run): ctrl+p then Enter always does
        the same, and never opens a panel Esc cannot close, nor quits."""
        for entry in self._entries():
            yield Hit(DISCOVERED_FIRST, entry.title, lambda e=entry: self._do(e), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.title),
                    lambda e=entry: self._do(e),
                    help=entry.help,
                )
