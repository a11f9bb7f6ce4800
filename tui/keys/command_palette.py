"""Every setting in Textual's command palette (ctrl+p): type "xor", "tanh" or "noise 10".

The entries are made from the settings table (`scratchnet.settings`), so the palette offers
every choice the panel does, plus the learning-rate ladder, the feature toggles and the layer
keys. Each entry is a command for the worker (sent through the app as a `Steer` message) or one
of the app's own actions.

A setting the run's dataset does not use (noise on the grid) is not listed, but a search for it
still finds it, saying on its line why it cannot be set (the table's own reason, `unused_by`):
"noise 10" on the grid answers that the grid has no noise, not "No matches found".
"""

from dataclasses import dataclass

from textual.command import Hit, Hits, Provider
from textual.content import Content

from scratchnet.features import FEATURES, LABELS
from scratchnet.settings import SETTINGS, Setting, unused_by
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
# A setting the dataset does not use is found below the ones it can set.
UNUSED_BELOW = 0.5


@dataclass(frozen=True)
class PaletteEntry:
    """One line of the palette: its title, a hint, and what it does.

    `does` is a command for the worker, or the name of an app action ("toggle_controls").
    `why_not`, for a setting the run's dataset does not use: why it cannot be set, shown on
    the entry's line (a hint shows only on the line chosen).
    """

    title: str
    help: str
    does: Command | str
    why_not: str = ""


def setting_entries(setting: Setting, why_not: str = "") -> list[PaletteEntry]:
    """One entry for each value the setting offers."""
    return [
        PaletteEntry(
            f"{setting.label}: {setting.choice_label(text)}{setting.unit}",
            why_not or f"set {setting.label.lower()}",
            ChangeSettings.of(**{setting.name: setting.parse(text)}),
            why_not,
        )
        for text in setting.offered()
    ]


def unused_entries(dataset: str, table: tuple[Setting, ...] = SETTINGS) -> list[PaletteEntry]:
    """The values of the settings `dataset` does not use, each saying why it cannot be set.

    Chosen anyway, the worker refuses it with the table's line and changes nothing.
    """
    entries = []
    for setting in table:
        if not setting.applies(dataset):
            why = unused_by(dataset, [setting], flags=False) or ""
            entries += setting_entries(setting, why.removeprefix(f"{setting.label}: "))
    return entries


def palette_entries(
    dataset: str | None = None, table: tuple[Setting, ...] = SETTINGS
) -> list[PaletteEntry]:
    """Every choice of every setting, the feature toggles, the layer keys, two app actions.

    Given the run's `dataset`, the settings it does not use (noise for the grid) are left out.
    `table` is the run's settings table (`Run.settings_table`: the Playground's for its runs).
    """
    entries = [
        entry
        for setting in table
        if dataset is None or setting.applies(dataset)
        for entry in setting_entries(setting)
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
            "Health: show or hide each layer's health over time (why is it stuck?)",
            "like h",
            "toggle_health",
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

    def _snapshot(self) -> Snapshot | None:
        snapshot = getattr(self.app, "snapshot", None)
        return snapshot if isinstance(snapshot, Snapshot) else None

    def _entries(self) -> list[PaletteEntry]:
        """The entries for the run on screen: its settings table's, for its dataset."""
        snapshot = self._snapshot()
        if snapshot is None:
            return palette_entries()
        return palette_entries(snapshot.dataset, snapshot.table)

    def _unused(self) -> list[PaletteEntry]:
        """The settings the run on screen cannot take, each with its reason."""
        snapshot = self._snapshot()
        return [] if snapshot is None else unused_entries(snapshot.dataset, snapshot.table)

    async def discover(self) -> Hits:
        """Every entry, before Textual's own commands (Keys, Quit, ...) whatever order the
        providers answer in (a set: it changed from run to run): ctrl+p then Enter always does
        the same, and never opens a panel Esc cannot close, nor quits."""
        for entry in self._entries():
            yield Hit(DISCOVERED_FIRST, entry.title, lambda e=entry: self._do(e), help=entry.help)

    async def search(self, query: str) -> Hits:
        """The entries that match, then the unused settings' that match, saying why not."""
        matcher = self.matcher(query)
        found = [(entry, 1.0) for entry in self._entries()]
        found += [(entry, UNUSED_BELOW) for entry in self._unused()]
        for entry, weight in found:
            score = matcher.match(entry.title)
            if score > 0:
                shown = matcher.highlight(entry.title)
                if entry.why_not:
                    shown = Content.assemble(shown, (f": {entry.why_not}", "dim"))
                yield Hit(score * weight, shown, lambda e=entry: self._do(e), help=entry.help)
