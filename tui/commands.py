"""Every setting in Textual's command palette (ctrl+p): type "xor", "tanh" or "noise 10".

The commands are made from the same table as the controls panel (`tui.settings`), so the
palette offers every choice the panel does, plus the learning-rate ladder and the command line.
"""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.settings import (
    ALL_FEATURES,
    BY_FIELD,
    PALETTE_LEARNING_RATES,
    SETTINGS,
    command_line,
    feature_label,
)

if TYPE_CHECKING:
    from tui.app import ScratchnetApp

Command = tuple[str, str, Callable[[], object]]


def setting_commands(app: "ScratchnetApp") -> list[Command]:
    """(title, help, action) for every choice of every setting, and a few more."""
    commands: list[Command] = []

    def choose(field: str, text: str) -> None:
        app.change(**{field: BY_FIELD[field].read(text)})

    for setting in SETTINGS:
        choices = setting.choices
        if setting.field == "learning_rate":
            choices = PALETTE_LEARNING_RATES
        for choice in choices:
            title = f"{setting.label}: {choice}{setting.unit}"
            commands.append(
                (title, f"set {setting.label.lower()}", partial(choose, setting.field, choice))
            )

    def toggle_feature(name: str) -> None:
        features = app.config.features
        chosen = tuple(f for f in ALL_FEATURES if (f in features) != (f == name))
        if not chosen:
            app.notify("Keep at least one feature: the network needs an input.", severity="warning")
            return
        app.change(features=chosen)

    for name in ALL_FEATURES:
        commands.append(
            (
                f"Feature: toggle {feature_label(name)}",
                "add or remove an input",
                partial(toggle_feature, name),
            )
        )
    commands += [
        ("Hidden layers: add one", "like ]", partial(app.action_layers, 1)),
        ("Hidden layers: remove one", "like [", partial(app.action_layers, -1)),
        ("Neurons: one more in the last layer", "like .", partial(app.action_neurons, 1)),
        ("Neurons: one fewer in the last layer", "like ,", partial(app.action_neurons, -1)),
        ("Controls: show or hide the panel", "like c", app.action_toggle_controls),
        (
            "Command line: copy the one that repeats this run",
            "to the clipboard",
            app.action_copy_command_line,
        ),
    ]
    return commands


class SettingsCommands(Provider):
    """The palette's source of setting commands."""

    @property
    def scratchnet(self) -> "ScratchnetApp":
        from tui.app import ScratchnetApp

        assert isinstance(self.app, ScratchnetApp)
        return self.app

    async def discover(self) -> Hits:
        for title, help_text, action in setting_commands(self.scratchnet):
            yield DiscoveryHit(title, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in setting_commands(self.scratchnet):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), action, help=help_text)


__all__ = ["SettingsCommands", "command_line", "setting_commands"]
