"""The serving options of `scratchnet-tui`, declared together, and what a visitor's app gets.

`--serve` starts the web server (tui/serving/web.py), `--ssh` the SSH server
(tui/serving/ssh.py); the options after them decide where each listens, how many visitors it
takes, for how long, and which files they may use (tui/serving/policy.py, shared by both).
Each visitor's app is started with the app's options only, never the server's (`app_words`).

Only the standard library here: `scratchnet-tui` imports this module at every start.
"""

import argparse
import ipaddress
import os
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_SSH = ("127.0.0.1", 2222)
MOST_CLIENTS = 64  # each visitor is a process training its own network: tens of MB each
DEFAULT_PER_ADDRESS = 4  # one student's few terminals; a script opening dozens is refused
DEFAULT_IDLE_TIMEOUT = 1800.0  # seconds: a forgotten tab or terminal gives its place back
LONGEST_IDLE_TIMEOUT = 7 * 24 * 3600.0
VISITORS_PER_CORE = 3  # measured: benchmarks/bench_ssh.py (see `default_max_clients`)


def default_max_clients(cores: int | None = None) -> int:
    """How many visitors at once by default: VISITORS_PER_CORE per core of this machine.

    Each visitor's app is a process of its own, training at 200 steps a second and redrawing
    8 times a second. benchmarks/bench_ssh.py, twice on a 2-core machine that other work kept
    busy too (load 5-10), measured the key-to-screen median at 11-30 ms up to 5 visitors,
    19 and 42 ms at 6, 28 and 49 ms at 8, 91 and 105 ms at 10: 3 visitors a core keep keys
    under 50 ms with room to spare (training slows first: 100-140 steps a second each from 3
    visitors on, there). Each app costs some 36 MB (its proportional share; 47 MB resident),
    which a machine with the cores for them has. A bigger class on a small machine:
    --max-clients, and a slower --speed for everyone.
    """
    found = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, min(MOST_CLIENTS, VISITORS_PER_CORE * found))


# Which server each option belongs to, by argparse name: a visitor's app never sees them.
WEB_OPTIONS = ("host", "port", "public_name")
SSH_OPTIONS = ("ssh_keys",)
SHARED_OPTIONS = ("max_clients", "per_address", "idle_timeout", "allow_writes")
SERVER_OPTIONS = ("serve", "ssh", *WEB_OPTIONS, *SSH_OPTIONS, *SHARED_OPTIONS)


def port(text: str) -> int:
    """A TCP port: 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a whole number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {text!r}")
    return value


def host(text: str) -> str:
    """An address or host name to listen on: not empty (an empty one would mean everywhere)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("host must be an address such as 127.0.0.1, got ''")
    return text.strip()


def public_name(text: str) -> str:
    """A name browsers may reach the server by, besides its address: `box.lan`, `192.0.2.7`,
    `[2001:db8::7]`; lowercased, an IPv6 address without its brackets. No port, no scheme."""
    name = text.strip().lower()
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        if not bare or any(mark in bare for mark in "/@?#[] "):
            raise ValueError
        if ":" in bare:  # only an IPv6 address has colons: `box:8000` is a name and a port
            ipaddress.IPv6Address(bare)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a public name is a host name or an address (no port, no scheme), got {text!r}"
        ) from None
    return bare


def max_clients(text: str) -> int:
    """How many visitors may use the app at once: 1 to MOST_CLIENTS."""
    return whole_number("max clients", text, 1, MOST_CLIENTS)


def per_address(text: str) -> int:
    """How many visitors one address may have in at once: 1 to MOST_CLIENTS."""
    return whole_number("per address", text, 1, MOST_CLIENTS)


def whole_number(name: str, text: str, least: int, most: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text!r}") from None
    if not least <= value <= most:
        raise argparse.ArgumentTypeError(f"{name} must be between {least} and {most}, got {text!r}")
    return value


def idle_timeout(text: str) -> float:
    """Seconds without a key before a visitor is let go: 0 (never) up to a week."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"idle timeout must be a number of seconds, got {text!r}"
        ) from None
    if not 0 <= value <= LONGEST_IDLE_TIMEOUT:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"idle timeout must be between 0 (never) and {LONGEST_IDLE_TIMEOUT:g} s, got {text!r}"
        )
    return value


def ssh_address(text: str) -> tuple[str, int]:
    """`[HOST:]PORT` for --ssh: `2222`, `0.0.0.0:2222`, `[::]:2222`; the host is 127.0.0.1
    when only a port is given."""
    name, colon, number = text.strip().rpartition(":")
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    if colon and not bare:
        raise argparse.ArgumentTypeError(
            f"--ssh takes [HOST:]PORT, such as 2222 or 0.0.0.0:2222, got {text!r}"
        )
    return (bare or DEFAULT_SSH[0]), port(number)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """--serve, --ssh and the options that only mean something with them (all None when not
    typed, so that a server's option typed without its server can be refused)."""
    parser.add_argument(
        "--serve", action="store_true", help="serve the app to web browsers, one run per visitor"
    )
    parser.add_argument(
        "--ssh",
        type=ssh_address,
        nargs="?",
        const=DEFAULT_SSH,
        default=None,
        metavar="[HOST:]PORT",
        help="serve the app over SSH, one run per connection (127.0.0.1:2222); "
        "needs pip install '.[ssh]' in scratchnet's folder",
    )
    parser.add_argument(
        "--host",
        type=host,
        default=None,
        help="with --serve: the address to listen on (127.0.0.1: reach it by an SSH tunnel)",
    )
    parser.add_argument(
        "--port", type=port, default=None, help="with --serve: the port to listen on (8000)"
    )
    parser.add_argument(
        "--public-name",
        type=public_name,
        action="append",
        default=None,
        metavar="NAME",
        help="with --serve: browsers may also reach it as NAME (a DNS name, an address); "
        "repeatable. Others are refused: no web page can rename its own site to reach it",
    )
    parser.add_argument(
        "--ssh-keys",
        metavar="FILE",
        default=None,
        help="with --ssh: admit only the keys in FILE (authorized_keys format); "
        "without it, anyone who reaches the port, with any user name and no password",
    )
    parser.add_argument(
        "--max-clients",
        type=max_clients,
        default=None,
        metavar="N",
        help=f"with --serve or --ssh: at most N visitors at once ({default_max_clients()} here: "
        f"{VISITORS_PER_CORE} a core)",
    )
    parser.add_argument(
        "--per-address",
        type=per_address,
        default=None,
        metavar="N",
        help=f"with --serve or --ssh: at most N visitors from one address ({DEFAULT_PER_ADDRESS})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=idle_timeout,
        default=None,
        metavar="SECONDS",
        help="with --serve or --ssh: let a visitor go after this long without a key "
        f"({DEFAULT_IDLE_TIMEOUT:g}; 0: never)",
    )
    parser.add_argument(
        "--allow-writes",
        metavar="DIR",
        default=None,
        help="with --serve or --ssh: visitors may open and save files in DIR, nowhere else "
        "(an SSH visitor: in a folder of their own in it); without it, no files",
    )


def misplaced_options(args: argparse.Namespace) -> str | None:
    """One line for server options that would silently mean nothing: typed without their
    server, or both servers at once; None when all is well."""
    if args.serve and args.ssh is not None:
        return "--serve, --ssh: one server at a time"
    groups = [
        (WEB_OPTIONS, args.serve, "--serve"),
        (SSH_OPTIONS, args.ssh is not None, "--ssh"),
        (SHARED_OPTIONS, args.serve or args.ssh is not None, "--serve or --ssh"),
    ]
    stray = [
        f"{', '.join(flag(name) for name in typed)}: only with {server}"
        for names, present, server in groups
        if not present and (typed := [name for name in names if getattr(args, name) is not None])
    ]
    return "; ".join(stray) or None


def flag(name: str) -> str:
    """An option's flag from its argparse name: `max_clients` → `--max-clients`."""
    return "--" + name.replace("_", "-")


class _Record(argparse.Action):
    """Records an option as typed, `--full-name=text`, instead of converting its value."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        name = max(self.option_strings, key=len)
        typed: list[tuple[str, str]] = namespace.typed
        typed.append((self.dest, f"{name}={values}" if isinstance(values, str) else name))


def app_words(
    parser: argparse.ArgumentParser, words: Sequence[str], leave_out: Sequence[str] = ()
) -> list[str]:
    """The app's own options among `words`, each under its full name: `--hid 8` → `--hidden=8`.

    Filtering the words by hand cannot know what argparse made of `--por 9000` (--port) or
    `--ser` (--serve), so argparse decides: `words` are parsed again by a parser with the very
    same options, which records each option it meets, with the text typed for it, instead of
    converting it. The server's options, and those named in `leave_out`, are then dropped.
    `words` must have passed `parser` already.
    """
    recorder = argparse.ArgumentParser(add_help=False, allow_abbrev=parser.allow_abbrev)
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            recorder.add_argument(
                *action.option_strings,
                dest=action.dest,
                nargs=action.nargs,
                action=_Record,
                default=argparse.SUPPRESS,
            )
    found, _ = recorder.parse_known_args(list(words), argparse.Namespace(typed=[]))
    typed: list[tuple[str, str]] = found.typed
    dropped = {*SERVER_OPTIONS, *leave_out}
    return [word for name, word in typed if name not in dropped]
