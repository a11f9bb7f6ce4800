"""The serving options of `scratchnet-tui`, declared together, and what a visitor's app gets.

`--serve` starts the web server (tui/serving/web.py); its options decide where it listens,
how many visitors it takes and which files they may use. Each visitor's app is started with
the app's options only, never the server's (`app_words`).

Only the standard library here: `scratchnet-tui` imports this module at every start.
"""

import argparse
import ipaddress
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_CLIENTS = 4
MOST_CLIENTS = 64  # each visitor is a process training its own network: tens of MB each

# The server's options, by argparse name: a visitor's app never sees them.
SERVER_OPTIONS = ("serve", "host", "port", "max_clients", "allow_writes", "public_name")


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
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"max clients must be a whole number, got {text!r}"
        ) from None
    if not 1 <= value <= MOST_CLIENTS:
        raise argparse.ArgumentTypeError(
            f"max clients must be between 1 and {MOST_CLIENTS}, got {text!r}"
        )
    return value


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """--serve and the options that only mean something with it (all None when not typed)."""
    parser.add_argument(
        "--serve", action="store_true", help="serve the app to web browsers, one run per visitor"
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
        "--max-clients",
        type=max_clients,
        default=None,
        metavar="N",
        help=f"with --serve: at most N visitors at once ({DEFAULT_MAX_CLIENTS})",
    )
    parser.add_argument(
        "--allow-writes",
        metavar="DIR",
        default=None,
        help="with --serve: visitors may open and save files in DIR, nowhere else (no files)",
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


def options_without_serve(args: argparse.Namespace) -> list[str]:
    """The server's options typed without --serve, where they would silently mean nothing."""
    if args.serve:
        return []
    return [
        "--" + name.replace("_", "-")
        for name in SERVER_OPTIONS
        if name != "serve" and getattr(args, name) is not None
    ]


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
