"""The app's servers from outside: ports, their visitors' processes, and `--ssh` itself.

Used by tests/e2e/test_serve.py, tests/e2e/test_ssh.py and benchmarks/bench_ssh.py. An SSH
visitor is an asyncssh client asking for a terminal, as `ssh -p PORT host` does, whose screen
pyte keeps. Everything here talks to 127.0.0.1 only, and uses no key, agent, known_hosts or
config of the user running it.

asyncssh is imported once a visitor connects (`ssh_client`), not with this module: importing it
takes 0.2 CPU s, and every test worker imports every test module, most of them never to connect.
"""

import asyncio
import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING

import pyte

from harness import PATIENCE
from harness.quick_stream import QuickByteStream, ScreenText

if TYPE_CHECKING:
    import asyncssh

HOST = "127.0.0.1"


def ssh_client() -> ModuleType:
    """asyncssh, imported the first time it is asked for (see the module's docstring)."""
    with warnings.catch_warnings():  # cryptography's notice that DSA keys are deprecated
        warnings.filterwarnings("ignore", message="DSA is deprecated")
        import asyncssh

    return asyncssh


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes `pid` started and that are still running: one per visitor."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, parent = stat.rsplit(")", 1)[1].split()[:2]
            if int(parent) == pid and state != "Z":
                found.append(int(entry))
    return found


def wait_until(check: Callable[[], bool], timeout: float = PATIENCE) -> bool:
    """Whether `check()` comes true within `timeout` seconds, looked at every 20 ms: a ceiling
    for a busy machine, not a pace (it returns as soon as the check holds)."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


class SSHServer:
    """`scratchnet-tui --ssh 127.0.0.1:PORT ...` in a subprocess, its host key kept in
    `data` (XDG_DATA_HOME); ready once it has said where it serves and its key."""

    def __init__(self, *args: str, data: Path, env: Mapping[str, str] | None = None) -> None:
        self.port = free_port()
        command = Path(sys.executable).parent / "scratchnet-tui"
        self.process = subprocess.Popen(
            [str(command), "--ssh", f"{HOST}:{self.port}", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "XDG_DATA_HOME": str(data), **(env or {})},
        )
        self.unread = b""
        self.lines = [self.read_line(timeout=PATIENCE), self.read_line(timeout=PATIENCE)]

    def read_line(self, timeout: float) -> str:
        """A line of the server's output, or "" if none comes in time (or it ended)."""
        assert self.process.stdout is not None
        end = time.monotonic() + timeout
        while b"\n" not in self.unread:
            ready, _, _ = select.select([self.process.stdout], [], [], end - time.monotonic())
            data = os.read(self.process.stdout.fileno(), 4096) if ready else b""
            if not data:
                return ""
            self.unread += data
        line, self.unread = self.unread.split(b"\n", 1)
        return line.decode() + "\n"

    @property
    def fingerprint(self) -> str:
        """The host key's fingerprint, as the server printed it at start."""
        return self.lines[1].split("host key ")[1].split()[0] if "host key" in self.lines[1] else ""

    def visitors(self) -> list[int]:
        return children(self.process.pid)

    def stop(self, timeout: float = PATIENCE) -> tuple[int, str]:
        """ctrl+c, as its user would stop it; the exit status and what it said on stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            _, errors = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, errors = self.process.communicate()
        return self.process.returncode, errors.decode()


async def connect(port: int, **options: object) -> "asyncssh.SSHClientConnection":
    """An SSH connection to the server on 127.0.0.1:`port`, as a student with no key."""
    settings: dict[str, object] = {
        "username": "student",
        "known_hosts": None,
        "config": None,
        "client_keys": None,
        "agent_path": None,
        "connect_timeout": PATIENCE,
    }
    connection: asyncssh.SSHClientConnection = await ssh_client().connect(
        HOST, port, **{**settings, **options}
    )
    return connection


class SSHVisitor:
    """A student at a terminal of `columns` x `lines`: `ssh -p PORT 127.0.0.1`, keys in, the
    app's screen out (pyte). `env` is sent as an SSH client sends its environment."""

    def __init__(
        self,
        port: int,
        columns: int = 100,
        lines: int = 30,
        term: str = "xterm-256color",
        env: Mapping[str, str] | None = None,
        **options: object,
    ) -> None:
        self.port = port
        self.columns, self.lines, self.term = columns, lines, term
        self.env = dict(env or {"LANG": "C.UTF-8"})
        self.options = options
        self.screen = pyte.Screen(columns, lines)
        self.stream = QuickByteStream(self.screen)
        self._text = ScreenText(self.screen)
        self.output = b""  # everything received, for messages drawn outside the screen
        self.arrived = asyncio.Event()  # set by each arrival of output

    async def __aenter__(self) -> "SSHVisitor":
        self.connection = await connect(self.port, **self.options)
        self.process = await self.connection.create_process(
            term_type=self.term,
            term_size=(self.columns, self.lines),
            env=self.env,
            encoding=None,
        )
        self.reading = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        while data := await self.process.stdout.read(65536):
            self.output += data
            self.stream.feed(data)
            self.arrived.set()
        self.arrived.set()

    def text(self) -> str:
        return self._text()

    async def shows(self, check: Callable[[str], bool], timeout: float = PATIENCE) -> bool:
        """Whether `check(screen text)` comes true within `timeout` seconds; in the text, each
        run of spaces and line ends is one space."""
        end = time.monotonic() + timeout
        while not check(" ".join(self.text().split())):
            self.arrived.clear()
            if self.reading.done() or time.monotonic() > end:
                return False
            with contextlib.suppress(TimeoutError):  # looked at again as soon as output comes
                await asyncio.wait_for(self.arrived.wait(), max(0.0, end - time.monotonic()))
        return True

    async def sees(self, words: str, timeout: float = PATIENCE) -> bool:
        return await self.shows(lambda text: words in text, timeout)

    def press(self, keys: str) -> None:
        self.process.stdin.write(keys.encode())

    def resize(self, columns: int, lines: int) -> None:
        self.columns, self.lines = columns, lines
        self.screen.resize(lines, columns)
        self.process.change_terminal_size(columns, lines)

    async def ended(self, timeout: float = PATIENCE) -> int | None:
        """The session's exit status once the server ends it; None if it has not in time."""
        try:
            await asyncio.wait_for(self.process.wait_closed(), timeout)
        except TimeoutError:
            return None
        await self.reading
        return self.process.exit_status

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.connection.close()
        await self.connection.wait_closed()
        self.reading.cancel()
