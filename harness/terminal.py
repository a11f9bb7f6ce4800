"""A program in a real pseudo-terminal, its screen read by the pyte terminal emulator.

Used by the end-to-end tests and by benchmarks/bench_tui.py: no tmux needed, only Python's pty
module and pyte.
"""

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping

import pyte

from harness import PATIENCE
from harness.quick_stream import QuickByteStream, ScreenText

TAIL_BYTES = 4096
# What a full-screen program turns on, and must turn off again before it ends.
MODES = {
    "alternate screen": (b"\x1b[?1049h", b"\x1b[?1049l"),
    "mouse tracking": (b"\x1b[?1000h", b"\x1b[?1000l"),
    "hidden cursor": (b"\x1b[?25l", b"\x1b[?25h"),
}


class Terminal:
    """Starts `argv` in a pty of the given size and keeps an emulated screen of its output."""

    def __init__(
        self,
        argv: list[str],
        columns: int = 120,
        lines: int = 40,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        on_output: Callable[[bytes], object] | None = None,
    ) -> None:
        """`on_output` is given every chunk of output as it is read (before the screen is)."""
        self.columns, self.lines = columns, lines
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        environment.pop("COLORTERM", None)
        environment.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)})
        environment.update(env or {})
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            if cwd is not None:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, environment)
        self.pid, self.fd = pid, fd
        self.on_output = on_output
        self.screen = pyte.Screen(columns, lines)
        self.stream = QuickByteStream(self.screen)
        self.bytes_read = 0
        self.tail = b""  # the last bytes written: how the program left the terminal
        self.exit_status: int | None = None
        self._text = ScreenText(self.screen)

    def read(self, timeout: float = 0.05) -> int:
        """Wait up to `timeout` seconds for output, then read all that has arrived.

        Returns as soon as the program pauses for a moment after writing, so a caller that
        checks the screen after each read sees changes within a couple of milliseconds; and
        once `timeout` has passed, even if the program is still writing: a program that writes
        without pause (a run training, drawn at full speed) faster than this reader keeps up,
        as on a busy machine, kept it reading, and a soak sent no key for minutes.
        """
        total = 0
        wait = timeout
        deadline = time.monotonic() + timeout
        while True:
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return total
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # the program closed the terminal
                return total
            if not data:
                return total
            total += len(data)
            self.feed(data)
            if time.monotonic() > deadline:
                return total
            wait = 0.002  # more of the same frame may follow at once

    def feed(self, data: bytes) -> None:
        """Take `data` as the program's output: what `read` does with each chunk it reads (a
        caller that reads the pty itself gives them here)."""
        if self.on_output is not None:
            self.on_output(data)
        self.bytes_read += len(data)
        self.tail = (self.tail + data)[-TAIL_BYTES:]
        self.stream.feed(data)

    def clear(self) -> None:
        """Blank the screen, as a shell does once a program has given the terminal back: what
        shows after is only what the program draws again."""
        self.screen.reset()

    def modes_left_on(self) -> list[str]:
        """The terminal modes (see MODES) that the program's last output left turned on."""
        tail = self.tail
        return [name for name, (on, off) in MODES.items() if tail.rfind(off) <= tail.rfind(on)]

    def text(self) -> str:
        """The screen's lines. `wait_for` asks after every read, even one that read nothing, so
        only the lines that changed since are built again (`ScreenText`)."""
        return self._text()

    def wait_for(self, check: Callable[[str], bool], timeout: float = PATIENCE) -> bool:
        """Read until `check(screen text)` is true; False after `timeout` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if check(self.text()):
                return True
            self.read(min(0.02, max(0.0, end - time.monotonic())))
        return check(self.text())

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait_exit(self, timeout: float = PATIENCE) -> int | None:
        """The exit status once the program has ended, or None if it is still running after
        `timeout` seconds (`wait_exit(0)`: whether it has ended, looked at once, no waiting).

        Once it has ended, what it wrote last and is still unread is read too (the terminal
        modes it turned off on the way out may be behind a flood of output).
        """
        end = time.monotonic() + timeout
        while True:
            self.read(min(0.02, max(0.0, end - time.monotonic())))
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
                while self.read(0.02):
                    pass
                return self.exit_status
            if time.monotonic() >= end:
                return None

    def close(self) -> None:
        """Kill the program if it is still running, and release the terminal."""
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)
