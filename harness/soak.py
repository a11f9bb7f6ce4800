"""A soak: the installed app in a real pty, fed random keys for minutes, its memory measured as it
goes, every crash and traceback counted. Driven by benchmarks/soak.py.

The keys are every key the app binds (`bound_keys`): its own bindings and those it inherits from
Textual's App, the command palette's (ctrl+p), and the bindings of its screens, dialogs and
widgets (everything in `tui` that has BINDINGS), each alternative key of a binding too, plus Esc
and Backspace. Only the keys that end or stop the process are left out (quit, suspend): the
soak is about what a session survives. Some of what it types are moves of several keys in one
write, as a quick typist's keys reach the app over SSH: a burst of Enters, and the command
palette with a word and Enter twice (`ctrl+p xor Enter Enter`). The app runs in a folder of its
own, since w, o and e followed by Enter save, open and export files there.

The soak never sends q or ctrl+c, so the app should never end; when it does, how it ended says
which it was. A crash is an end with a non-zero exit status or a traceback (a crash exits 1, see
tui/cli.py); an end with status 0 and no traceback is a quit: a way out the keys found that is
not q or ctrl+c (Textual's palette had one, "Quit"), worth knowing but no crash. A traceback is
one anywhere in what the app wrote, on the screen or after it left the screen, counted once per
process. Either way the app is started again.
"""

import os
import random
import string
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import _character_to_key

from harness import PATIENCE
from harness.terminal import Terminal

# What a terminal sends for the keys that are not characters.
SPECIAL_KEYS = {
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "shift+right": "\x1b[1;2C",
    "shift+left": "\x1b[1;2D",
    "ctrl+right": "\x1b[1;5C",
    "ctrl+left": "\x1b[1;5D",
    "ctrl+shift+right": "\x1b[1;6C",
    "ctrl+shift+left": "\x1b[1;6D",
    "delete": "\x1b[3~",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "ctrl+pageup": "\x1b[5;5~",
    "ctrl+pagedown": "\x1b[6;5~",
    "shift+home": "\x1b[1;2H",
    "shift+end": "\x1b[1;2F",
    "ctrl+home": "\x1b[1;5H",
    "ctrl+end": "\x1b[1;5F",
    "f1": "\x1bOP",
}
# Bound (by Textual's text fields) but sent by no terminal as keys of their own: ctrl+shift+a
# arrives as ctrl+a, ctrl+backspace as Backspace.
NO_TERMINAL_SENDS = {"ctrl+shift+a", "ctrl+backspace"}
# Textual's names of the printable characters: "plus" is +, "full_stop" is ., "a" is a.
CHARACTERS = {_character_to_key(c): c for c in string.printable if c.isprintable()}
LEAVING_ACTIONS = {"quit", "suspend_process"}  # these end or stop the process: not soaked
EXTRA_KEYS = ("escape", "backspace")  # Esc closes every dialog; Backspace edits what is typed
# Typed into the command palette: settings of both modes, none of them near "quit".
PALETTE_WORDS = ("xor", "tanh", "spiral", "relu", "gauss", "sigmoid", "noise 10", "linear")
ENTER_BURSTS = ("\r\r", "\r\r\r")
TRACEBACK = b"Traceback"


def key_bytes(key: str) -> str | None:
    """What a terminal sends for a Textual key name ("plus", "ctrl+p", "up"), or None."""
    if key in SPECIAL_KEYS:
        return SPECIAL_KEYS[key]
    modifier, _, name = key.rpartition("+")
    if modifier == "ctrl" and len(name) == 1 and name.isalpha():
        return chr(ord(name.lower()) - ord("a") + 1)
    return None if modifier else CHARACTERS.get(key)


def bound_keys(app: type[App[object]]) -> list[Binding]:
    """Every binding of the app (its own and Textual's App's, and the command palette's), and of
    its screens, dialogs and widgets: every class of the app's package that has BINDINGS."""
    package = app.__module__.split(".")[0]
    owners = [app, *(c for c in _subclasses(DOMNode) if c.__module__.split(".")[0] == package)]
    bindings = [b for owner in dict.fromkeys(owners) for b in _bindings_of(owner)]
    if app.ENABLE_COMMAND_PALETTE:
        bindings.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette"))
    return bindings


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _bindings_of(owner: type[DOMNode]) -> Iterator[Binding]:
    """The bindings a class declares, and those of the classes it comes from."""
    for cls in owner.__mro__:
        declared: Iterable[BindingType] = vars(cls).get("BINDINGS", ())
        for binding in declared:
            yield binding if isinstance(binding, Binding) else Binding(*binding)


def soak_keys(bindings: list[Binding], extra: tuple[str, ...] = EXTRA_KEYS) -> list[str]:
    """What a terminal sends for every key of these bindings (each alternative key too), and for
    `extra`; never a key that any of them binds to quitting or suspending."""

    def keys_of(binding: Binding) -> list[str]:
        return [key.strip() for key in binding.key.split(",")]

    def leaves(binding: Binding) -> bool:
        return binding.action.split("(")[0].removeprefix("app.") in LEAVING_ACTIONS

    leaving = {key for binding in bindings if leaves(binding) for key in keys_of(binding)}
    names = [key for binding in bindings for key in keys_of(binding)] + list(extra)
    sent = (key_bytes(name) for name in names if name not in leaving)
    return list(dict.fromkeys(key for key in sent if key is not None))


def typed_moves(words: tuple[str, ...] = PALETTE_WORDS) -> list[str]:
    """Moves of several keys in one write: bursts of Enter, and the command palette opened, a
    word typed and Enter pressed twice, before the app has answered the first key."""
    palette = key_bytes("ctrl+p")
    return [*ENTER_BURSTS, *(f"{palette}{word}\r\r" for word in words)]


def rss_mb(pid: int) -> float:
    """The process's resident memory in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Crash:
    """The app ended by itself: how, after which keys, and what the terminal showed then. A
    crash when `status` is not 0 or it wrote a traceback; else a quit (see the module)."""

    status: int | None
    keys: list[str]
    screen: str
    traceback: bool


@dataclass
class SoakResult:
    """What a soak saw: memory over time, keys sent, crashes and tracebacks."""

    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, RSS MB)
    keys_sent: int = 0  # writes: a single key, or a move of several (see `typed_moves`)
    crashes: list[Crash] = field(default_factory=list)  # non-zero status, or a traceback
    quits: list[Crash] = field(default_factory=list)  # status 0 and no traceback
    tracebacks: int = 0  # processes that wrote a traceback, crashed or not
    traceback_screens: list[str] = field(default_factory=list)  # the screen when each was seen
    last_screen: str = ""  # the screen when the soak stopped

    @property
    def growth_mb(self) -> float:
        """RSS at the end minus RSS at the first sample (taken after the warm-up)."""
        if len(self.samples) < 2:
            return 0.0
        return self.samples[-1][1] - self.samples[0][1]


def soak(
    command: list[str],
    seconds: float,
    *,
    keys: list[str],
    moves: list[str] | None = None,
    move_share: float = 0.1,
    sample_every: float = 60.0,
    warm_up: float = 5.0,
    keys_per_second: float = 20.0,
    seed: int = 0,
    report: Callable[[float, float], None] | None = None,
) -> SoakResult:
    """Run `command` in a 120x40 pty and type at random for `warm_up` + `seconds`: one of `keys`,
    or with chance `move_share` one of `moves` (`typed_moves()` by default), `keys_per_second`
    writes a second.

    RSS is sampled when the warm-up ends (time 0), every `sample_every` seconds after, and at
    the end; `report` is told each sample (seconds, MB) as it is taken. A crashed app is
    counted and started again; the memory figures are then the new process's.
    """
    chooser = random.Random(seed)
    moves = typed_moves() if moves is None else moves
    result = SoakResult()
    with tempfile.TemporaryDirectory(prefix="scratchnet-soak-") as folder:
        app = _Soaked(command, folder, result)
        try:

            def type_for(duration: float) -> None:
                end = due = time.monotonic()
                end += duration
                while due < end:
                    typing = moves and chooser.random() < move_share
                    app.send(chooser.choice(moves if typing else keys))
                    due = max(due + 1.0 / keys_per_second, time.monotonic())
                    app.watch_until(due)

            def sample(at: float) -> None:
                result.samples.append((at, rss_mb(app.term.pid)))
                if report is not None:
                    report(*result.samples[-1])

            type_for(warm_up)
            sample(0.0)
            elapsed = 0.0
            while elapsed < seconds:
                chunk = min(sample_every, seconds - elapsed)
                type_for(chunk)
                elapsed += chunk
                sample(elapsed)
            result.last_screen = app.term.text()
        finally:
            app.term.close()
    return result


class _Soaked:
    """The app under soak: watched for a traceback in all it writes, started again if it ends."""

    def __init__(self, command: list[str], folder: str, result: SoakResult) -> None:
        self.command, self.folder, self.result = command, folder, result
        self.term = self._start()

    def _start(self) -> Terminal:
        self.traceback = False  # this process wrote one
        self.recent: list[str] = []
        self._carry = b""  # the end of the last chunk: a word may be cut between two
        term = Terminal(self.command, columns=120, lines=40, cwd=self.folder, on_output=self._look)
        if not term.wait_for(lambda text: "Quit" in text, timeout=PATIENCE):
            term.close()
            raise RuntimeError(f"the app did not start: {term.text()}")
        return term

    def _look(self, output: bytes) -> None:
        window = self._carry + output
        if TRACEBACK in window:
            self._saw_traceback()
        self._carry = window[-len(TRACEBACK) :]

    def _saw_traceback(self) -> None:
        if not self.traceback:
            self.traceback = True
            self.result.tracebacks += 1
            self.result.traceback_screens.append("")  # filled in once the screen has it

    def send(self, keys: str) -> None:
        self.term.send(keys)
        self.recent = [*self.recent[-19:], keys]
        self.result.keys_sent += 1

    def watch_until(self, due: float) -> None:
        """Read what the app writes until `due` (time.monotonic()); if it ended, a crash."""
        while (left := due - time.monotonic()) > 0:
            self.term.read(left)
        pid, status = os.waitpid(self.term.pid, os.WNOHANG)
        if pid:
            self.term.exit_status = os.waitstatus_to_exitcode(status)
            while self.term.read(0.1):  # what it wrote on the way out
                pass
        if TRACEBACK.decode() in self.term.text():
            self._saw_traceback()
        if self.traceback and not self.result.traceback_screens[-1]:
            self.result.traceback_screens[-1] = self.term.text()
        if not pid:
            return
        crash = Crash(self.term.exit_status, self.recent[-20:], self.term.text(), self.traceback)
        crashed = crash.status != 0 or crash.traceback
        (self.result.crashes if crashed else self.result.quits).append(crash)
        self.term.close()
        self.term = self._start()
