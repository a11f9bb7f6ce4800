"""What a visitor may do when the app is served to strangers: the one policy of both servers.

At a terminal the app's user is the machine's user, so `w`, `o` and `e` use any path they type.
A visitor in a web browser (`--serve`) or an SSH client (`--ssh`) is someone else. Both servers
keep the same rules, decided here:

- places: at most --max-clients visitors at once, at most --per-address of them from one
  address; the next one reads one line saying which limit, and gets no process;
- idleness: a visitor who sends no key and no resize for --idle-timeout seconds is let go
  (their app ends as on a hang-up, autosaved where autosave is on);
- files: each visitor's app is started with SCRATCHNET_VISITOR_FILES set, either to "none" (no
  files at all, the default) or to a folder inside --allow-writes DIR, and every path a visitor
  types goes through `visitor_path` first. A browser visitor uses DIR itself; an SSH visitor, a
  folder of their own in it (`visitor-ID/`), since the server cannot tell two of them apart;
- autosave: with --autosave FILE, each visitor saves to a file of their own (`Visit.autosave`).

Standard library only: the app imports this module at every start.
"""

import argparse
import os
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.serving.listen import ServeError

VISITOR_FILES = "SCRATCHNET_VISITOR_FILES"
NO_FILES = "none"
MOST_COLUMNS, MOST_LINES = 500, 200  # a visitor's terminal asking for more gets this much
# Of an SSH client's environment, only these reach its app: what its terminal is and speaks.
CLIENT_ENVIRONMENT = ("TERM", "LANG", "NO_COLOR")
# The server's own variables that describe its user's terminal and login, not the visitor's
# (the prefixes too: LC_*, and SSH_* such as the server user's agent, SSH_AUTH_SOCK).
SERVER_SESSION = {"TERM", "COLORTERM", "LANG", "LANGUAGE", "NO_COLOR", "COLUMNS", "LINES"}
SERVER_SESSION |= {"DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY"}
SERVER_SESSION_PREFIXES = ("LC_", "SSH_")


class FileRefused(ValueError):
    """A visitor may not use this path; the message is the one line that says why."""


def visitor_path(typed: str, environ: Mapping[str, str] = os.environ) -> str:
    """The path to use for `typed`, or FileRefused.

    Outside a server, the path as typed. For a visitor with a folder, the path inside that
    folder, with `..` and symbolic links followed first, so neither can lead out of it (a
    relative path starts in the folder). For a visitor without one, always refused.
    """
    setting = environ.get(VISITOR_FILES)
    if setting is None:
        return typed
    if setting == NO_FILES or not os.path.isabs(setting):
        raise FileRefused(
            "This served app does not open or write files "
            "(the server was started without --allow-writes)."
        )
    return str(inside(Path(setting), typed))


def inside(folder: Path, typed: str) -> Path:
    """`typed` taken inside `folder`, resolved; FileRefused if it leads anywhere else."""
    home = folder.resolve()
    path = (home / typed).resolve()  # an absolute `typed` replaces `home`: checked below
    if path == home or not path.is_relative_to(home):
        raise FileRefused(f"{typed}: this served app only opens and writes files in {home}")
    return path


def bounded_size(width: object, height: object) -> tuple[int, int]:
    """A visitor's terminal size, within bounds: a huge one would cost the app huge frames.
    ValueError or TypeError if it is not a pair of numbers."""
    return min(max(int(str(width)), 1), MOST_COLUMNS), min(max(int(str(height)), 1), MOST_LINES)


@dataclass(frozen=True)
class Visit:
    """One visitor's start: an id of their own, their files, their autosave file."""

    id: str
    files: str  # NO_FILES, or the folder their paths are taken in
    autosave: Path | None

    def argv(self, words: Sequence[str]) -> list[str]:
        """The command that starts this visitor's app: the app's options, then their autosave."""
        argv = [sys.executable, "-m", "tui", *words]
        if self.autosave is not None:
            argv.append(f"--autosave={self.autosave}")
        return argv


@dataclass
class VisitorPolicy:
    """One server's rules for its visitors; `enter` and `leave` keep count of who is in."""

    max_clients: int
    per_address: int
    idle_timeout: float  # seconds; 0: never
    files: str = NO_FILES  # NO_FILES, or the --allow-writes folder, resolved
    autosave: Path | None = None  # --autosave, inside `files`
    present: Counter[str] = field(default_factory=Counter)

    def refusal(self, address: str) -> str | None:
        """The one line a visitor from `address` reads when there is no place for them."""
        if self.present.total() >= self.max_clients:
            return (
                f"scratchnet: this server is full (--max-clients {self.max_clients}); "
                "try again later."
            )
        if self.present[address] >= self.per_address:
            return (
                f"scratchnet: your address has its {self.per_address} places taken "
                f"(--per-address {self.per_address}); close one, then try again."
            )
        return None

    def enter(self, address: str) -> str | None:
        """Take a place for a visitor from `address`; or the line that says why not."""
        refused = self.refusal(address)
        if refused is None:
            self.present[address] += 1
        return refused

    def leave(self, address: str) -> None:
        """The visitor from `address` has gone, and their app with them."""
        self.present[address] -= 1
        if self.present[address] <= 0:
            del self.present[address]

    def visit(self, own_folder: bool) -> Visit:
        """A new visitor's files: with `own_folder`, a folder of their own made inside the
        shared one, where their autosave goes too; else the shared folder, and an autosave
        file of their own beside --autosave's (`run.visitor-ID.json`)."""
        visitor_id = uuid.uuid4().hex[:12]
        if self.files == NO_FILES:
            return Visit(visitor_id, NO_FILES, None)
        if own_folder:
            folder = Path(self.files) / f"visitor-{visitor_id}"
            folder.mkdir(mode=0o700)
            autosave = None if self.autosave is None else folder / self.autosave.name
            return Visit(visitor_id, str(folder), autosave)
        if self.autosave is None:
            return Visit(visitor_id, self.files, None)
        own = f"{self.autosave.stem}.visitor-{visitor_id}{self.autosave.suffix}"
        return Visit(visitor_id, self.files, self.autosave.with_name(own))

    def idle_message(self) -> str:
        return f"scratchnet: no key for {self.idle_timeout:g} s (--idle-timeout): goodbye."


def visitor_policy(
    args: argparse.Namespace, max_clients: int, per_address: int, idle_timeout: float
) -> VisitorPolicy:
    """The policy the options ask for, with the defaults given for those not typed.

    --autosave FILE needs --allow-writes DIR: FILE is taken inside DIR like a path a visitor
    types, and each visitor saves a file of their own (see `VisitorPolicy.visit`).
    ServeError (one line) for a folder that cannot be used.
    """
    policy = VisitorPolicy(
        max_clients=args.max_clients or max_clients,
        per_address=args.per_address or min(per_address, args.max_clients or max_clients),
        idle_timeout=idle_timeout if args.idle_timeout is None else args.idle_timeout,
    )
    if args.allow_writes is None:
        if args.autosave is not None:
            server = "--serve" if args.serve else "--ssh"
            raise ServeError(
                f"--autosave with {server} needs --allow-writes DIR, where each visitor saves"
            )
        return policy
    folder = Path(args.allow_writes).resolve()
    if not folder.is_dir():
        raise ServeError(f"--allow-writes {args.allow_writes}: not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ServeError(f"--allow-writes {args.allow_writes}: no permission to write there")
    try:
        policy.autosave = None if args.autosave is None else inside(folder, args.autosave)
    except FileRefused as refused:
        raise ServeError(f"--autosave {refused}") from None
    policy.files = str(folder)
    return policy


def visitor_environment(
    server: Mapping[str, str], client: Mapping[str, str], visit: Visit
) -> dict[str, str]:
    """An SSH visitor's app's environment: the server's, less what describes the server user's
    own terminal and login, plus the client's TERM, LANG and NO_COLOR and nothing else of
    theirs (a UTF-8 LANG when they send none), and the visitor's files."""
    environment = {
        name: value
        for name, value in server.items()
        if name not in SERVER_SESSION and not name.startswith(SERVER_SESSION_PREFIXES)
    }
    environment["LANG"] = "C.UTF-8"
    environment.update({name: client[name] for name in CLIENT_ENVIRONMENT if name in client})
    environment[VISITOR_FILES] = visit.files  # read by `visitor_path` in the app
    return environment


class IdleTimer:
    """Calls `on_idle` once, when `seconds` have passed without a `touch()` (0: never).

    A touch only notes the time: a visitor's keys cost nothing here, and the one timer
    set looks again when it is due, for as long as there was a touch since.
    """

    def __init__(self, seconds: float, on_idle: Callable[[], None]) -> None:
        self.seconds = seconds
        self.on_idle = on_idle
        import asyncio  # here: a server runs asyncio already; `--help` need not load it

        self.loop = asyncio.get_running_loop()
        self.last = self.loop.time()
        self.timer = self.loop.call_later(seconds, self._due) if seconds > 0 else None

    def touch(self) -> None:
        self.last = self.loop.time()

    def _due(self) -> None:
        waited = self.loop.time() - self.last
        if waited >= self.seconds:
            self.timer = None
            self.on_idle()
        else:
            self.timer = self.loop.call_later(self.seconds - waited, self._due)

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
