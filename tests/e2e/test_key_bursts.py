"""Keys typed in a burst, as an SSH connection delivers them, each count.

Every burst is written to the installed app's terminal in one `write()`, so the app reads the
keys together, before the worker has answered the first. The settings the run ends with (read
from its autosave) must be those the same keys give pressed one by one.
"""

import json
import random
import re
from pathlib import Path

import pytest

from harness.terminal import Terminal
from tests.conftest import installed_command


def settings_after(keys: list[str], tmp_path: Path, *options: str) -> dict[str, object]:
    """Start the app paused, type each burst in one write, quit; the autosaved settings."""
    saved = tmp_path / "run.json"
    command = [installed_command("scratchnet-tui"), "--paused", "--autosave", str(saved), *options]
    terminal = Terminal(command)
    try:
        assert terminal.wait_for(lambda t: "paused" in t), terminal.text()
        for burst in keys:
            terminal.send(burst)
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text()
    finally:
        terminal.close()
    settings: dict[str, object] = json.loads(saved.read_text())["settings"]
    return settings


@pytest.mark.parametrize("panel", ["", "c"], ids=["plain", "with the settings panel open"])
def test_bursts_of_keys_all_apply(panel: str, tmp_path: Path) -> None:
    # One by one, from the tutorial's run at lr 0.1: ]]] gives hidden 4,4,4,4; ..,. makes the
    # last layer 4+1+1-1+1 = 6; ddd goes grid -> xor -> gauss -> spiral; +++ climbs
    # 0.1 -> 0.3 -> 1 -> 3; ss moves the seed 0 -> 1 -> 2.
    settings = settings_after([panel, "]]]", "..,.", "ddd", "+++", "ss"], tmp_path, "--lr", "0.1")
    assert settings["hidden"] == [4, 4, 4, 6]
    assert settings["dataset_name"] == "spiral"
    assert settings["learning_rate"] == 3.0
    assert settings["seed"] == 2


def test_one_write_of_every_burst_together(tmp_path: Path) -> None:
    settings = settings_after(["]]]..,.ddd+++ss"], tmp_path, "--lr", "0.1")
    assert (settings["hidden"], settings["dataset_name"]) == ([4, 4, 4, 6], "spiral")
    assert (settings["learning_rate"], settings["seed"]) == (3.0, 2)


SEARCH = "🔎"  # the command palette's search field
# The first row of the app's help: the key, then what it does. Not the words alone: Textual's
# key panel lists them too, after the binding's name ("space Pause pause or resume"), and it
# stays open after Esc. An Enter that reaches a palette just opened runs its first entry, and
# that may be "Keys", which opens that panel.
HELP = re.compile(r"space +pause or")


def help_shown(text: str) -> bool:
    return HELP.search(text) is not None


PALETTE_BURSTS = {
    "ctrl+p xor Enter Enter": "\x10xor\r\r",
    "ctrl+p Enter ctrl+p Enter": "\x10\r\x10\r",
    "ctrl+p PageDown": "\x10\x1b[6~",
    "ctrl+p tanh Enter": "\x10tanh\r",
    "ctrl+p and Enter held": "".join(random.Random(0).choices("\x10\r", k=200)),
}


# How long a round waits for its `?` to be answered before it asks again. A `?` can be dropped
# (see takes_every_key), and a dropped one is never answered: waiting the whole PATIENCE for it
# made one run of this file take 64 s. A `?` that is only slow is still seen: the next round's
# `?` comes after it, and the help it opens shows before that one closes it, or the round
# after opens it again.
ASK_AGAIN = 5.0


def takes_every_key(terminal: Terminal) -> bool:
    """Whether the app, still running, has handled every key sent so far: Esc closes any
    palette the keys left open, then `?` opens help, which is handled after all of them.

    A key that reaches a palette after an Enter there has picked a command is dropped (see
    tui/screens/steady_palette.py), and the first `?` follows the keys closely: when nothing
    answers it within ASK_AGAIN seconds, the next round asks again."""
    for _ in range(20):
        if terminal.wait_exit(0) is not None:  # the keys ended the app
            return False
        if SEARCH in terminal.text():
            terminal.send("\x1b")
            terminal.wait_for(lambda t: SEARCH not in t)
            continue
        terminal.send("?")
        terminal.wait_for(lambda t: help_shown(t) or SEARCH in t, timeout=ASK_AGAIN)
        if help_shown(terminal.text()):
            terminal.send("\x1b")
            return terminal.wait_for(lambda t: not help_shown(t))
    return False


def test_command_palette_bursts_never_end_the_app_and_help_opens_beside_textual_key_panel(
    tmp_path: Path,
) -> None:
    # Each burst in one write, as a quick typist's keys come in one SSH packet; each ended the
    # app with Textual's own palette (tests/app/test_palette_bursts.py has them at 40x12 too).
    # The app runs in tmp_path, in case anything chosen from the palette writes a file, at
    # 80x24, the size an SSH session opens at: the palette, the help and the key panel each
    # redraw the screen, and a smaller one is cheaper to draw.
    command = [installed_command("scratchnet-tui"), "--paused"]
    terminal = Terminal(command, 80, 24, cwd=str(tmp_path))
    try:
        assert terminal.wait_for(lambda t: "paused" in t)
        for name, burst in PALETTE_BURSTS.items():
            terminal.send(burst)
            assert takes_every_key(terminal), f"{name}:\n{terminal.text()}"

        # The state "ctrl+p Enter" leaves when its Enter runs the palette's first entry,
        # "Keys": Textual's key panel on the right, listing every binding with its words,
        # "pause or ..." too. ? still opens the app's help over it, and Esc closes that help.
        terminal.send("\x10")
        assert terminal.wait_for(lambda t: SEARCH in t), terminal.text()
        terminal.send("keys")
        assert terminal.wait_for(lambda t: "summary of available keys" in t), terminal.text()
        terminal.send("\r")
        assert terminal.wait_for(lambda t: "Scroll Up" in t and SEARCH not in t), terminal.text()
        assert takes_every_key(terminal), terminal.text()
        assert "Scroll Up" in terminal.text(), "the key panel stays: only the help closed"
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text()
    finally:
        terminal.close()
