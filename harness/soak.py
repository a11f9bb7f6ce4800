"""A soak: the installed app in a real pty, fed random keys from every binding for a while, its
memory measured as it goes. Used by benchmarks/soak.py (minutes) and tests/e2e/test_soak.py
(seconds).

The keys are read from `ScratchnetApp.BINDINGS`, so a key added to the app is soaked too, plus
Esc (which closes every dialog). Only the keys that end or stop the process are left out (quit,
suspend): the soak is about what a session survives. The app runs in a folder of its own,
since w, o and e followed by Enter save, open and export files there.
"""

import os
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding
from textual.keys import key_to_character

from harness.terminal import Terminal

# What a terminal sends for the keys that are not characters.
SPECIAL_KEYS = {
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
}
LEAVING_ACTIONS = {"quit", "suspend_process"}  # these end or stop the process: not soaked


def key_bytes(key: str) -> str | None:
    """What a terminal sends for a Textual key name ("plus", "ctrl+p", "up"), or None."""
    if key in SPECIAL_KEYS:
        return SPECIAL_KEYS[key]
    modifier, _, name = key.rpartition("+")
    if modifier == "ctrl" and len(name) == 1 and name.isalpha():
        return chr(ord(name.lower()) - ord("a") + 1)
    return key_to_character(key)


def soak_keys(bindings: list[Binding], extra: tuple[str, ...] = ("escape",)) -> list[str]:
    """The bytes of every key of these bindings (each alternative key too), and `extra`."""
    keys: list[str] = []
    for binding in bindings:
        if binding.action.split("(")[0] in LEAVING_ACTIONS:
            continue
        for key in binding.key.split(","):
            sent = key_bytes(key.strip())
            if sent is not None and sent not in keys:
                keys.append(sent)
    for key in extra:
        sent = key_bytes(key)
        if sent is not None and sent not in keys:
            keys.append(sent)
    return keys


def rss_mb(pid: int) -> float:
    """The process's resident memory in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class SoakResult:
    """What a soak saw: memory over time, keys sent, crashes and tracebacks."""

    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, RSS MB)
    keys_sent: int = 0
    crashes: int = 0  # the app ended by itself
    crash_statuses: list[int | None] = field(default_factory=list)  # the exit status of each
    crash_keys: list[list[str]] = field(default_factory=list)  # the last 20 keys before each
    tracebacks: int = 0  # a traceback shown on screen (counted once per process)
    last_screen: str = ""  # the screen when the soak stopped, or when it crashed

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
    sample_every: float = 60.0,
    warm_up: float = 5.0,
    keys_per_second: float = 20.0,
    seed: int = 0,
    idle: bool = False,
    report: Callable[[float, float], None] | None = None,
) -> SoakResult:
    """Run `command` in a 120x40 pty and press random `keys` for `warm_up` + `seconds`.

    RSS is sampled when the warm-up ends (time 0), every `sample_every` seconds after, and at
    the end; `report` is told each sample (seconds, MB) as it is taken. A crashed app is
    counted and started again; the memory figures are then the new process's.

    `idle`: the app runs only on CPU that nothing else wants (the suite's soak runs beside the
    other tests; it calls this in `in_idle_thread`, so that its reading of the screen does too).
    """
    chooser = random.Random(seed)
    result = SoakResult()
    with tempfile.TemporaryDirectory(prefix="scratchnet-soak-") as folder:
        app = _Soaked(command, folder, result, idle)
        try:

            def press_for(duration: float) -> None:
                end = time.monotonic() + duration
                while time.monotonic() < end:
                    app.press(chooser.choice(keys), 1.0 / keys_per_second)

            def sample(at: float) -> None:
                result.samples.append((at, rss_mb(app.term.pid)))
                if report is not None:
                    report(*result.samples[-1])

            press_for(warm_up)
            sample(0.0)
            elapsed = 0.0
            while elapsed < seconds:
                chunk = min(sample_every, seconds - elapsed)
                press_for(chunk)
                elapsed += chunk
                sample(elapsed)
            result.last_screen = result.last_screen or app.term.text()
        finally:
            app.term.close()
    return result


class _Soaked:
    """The app under soak: started again if it crashes, its tracebacks counted."""

    def __init__(self, command: list[str], folder: str, result: SoakResult, idle: bool) -> None:
        self.command, self.folder, self.result, self.idle = command, folder, result, idle
        self.term = self._start()

    def _start(self) -> Terminal:
        self.seen_traceback = False
        self.recent: list[str] = []
        term = Terminal(self.command, columns=120, lines=40, cwd=self.folder, idle=self.idle)
        term.wait_for(lambda text: "step" in text, timeout=30)
        return term

    def press(self, key: str, then_read: float) -> None:
        self.term.send(key)
        self.recent = [*self.recent[-19:], key]
        self.result.keys_sent += 1
        self.term.read(then_read)
        if not self.seen_traceback and "Traceback" in self.term.text():
            self.seen_traceback = True
            self.result.tracebacks += 1
        pid, _status = os.waitpid(self.term.pid, os.WNOHANG)
        if pid:  # the app ended by itself: a crash
            self.term.exit_status = os.waitstatus_to_exitcode(_status)
            self.result.crashes += 1
            self.result.crash_statuses.append(self.term.exit_status)
            self.result.crash_keys.append(self.recent[-20:])
            self.result.last_screen = self.term.text()
            self.term.close()
            self.term = self._start()
