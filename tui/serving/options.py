"""`scratchnet-tui --serve`: the app in web browsers, one run per visitor, safe to share.

textual-serve starts one app process per browser tab and relays its screen and keys over a
websocket (tui/web_server.py). This module decides everything before that: the server's own
options, the command line each visitor's app gets (the app's options only, never the
server's), whether the address can be listened on (one line if not, before "serving on"),
and which files visitors may use (none, unless --allow-writes names a folder).

Only the standard library here: `scratchnet-tui` imports this module at every start.
"""

import argparse
import errno
import ipaddress
import os
import shlex
import socket
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

from tui.serving.policy import NO_FILES, FileRefused, inside

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_CLIENTS = 4
MOST_CLIENTS = 64  # each visitor is a process training its own network: tens of MB each

# The server's options, by argparse name: a visitor's app never sees them.
SERVER_OPTIONS = ("serve", "host", "port", "max_clients", "allow_writes", "public_name")


class ServeError(Exception):
    """Serving cannot start; the message is the one line that says why."""


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


def visitor_command(words: Sequence[str], autosave: Path | None) -> str:
    """The shell command that starts one visitor's app: `exec`, so the app is the process.

    With `autosave`, the visitor saves to a file of their own next to it, `run.visitor-ID.json`.
    """
    argv = [sys.executable, "-m", "tui", *words]
    if autosave is not None:
        own = f"{autosave.stem}.visitor-{uuid.uuid4().hex[:12]}{autosave.suffix}"
        argv.append(f"--autosave={autosave.with_name(own)}")
    return "exec " + shlex.join(argv)


def url(host: str, port: int) -> str:
    """The address a browser opens: an IPv6 address goes in brackets, `http://[::1]:8000`."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def check_address(host: str, port: int) -> bool:
    """Whether `host` means this machine only (loopback); ServeError if it cannot be listened on.

    Each address the name stands for is bound once, as the server will bind it, so a port in
    use or an address of another machine is found before anything says "serving on".
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ServeError(f"--host {host}: no such address ({error.strerror})") from None
    except UnicodeError:
        raise ServeError(f"--host {host}: not a valid host name") from None
    for family, kind, protocol, _, address in found:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                raise ServeError(cannot_listen(host, port, error)) from None
    return all(ipaddress.ip_address(str(address[0])).is_loopback for *_, address in found)


def cannot_listen(host: str, port: int, error: OSError) -> str:
    """One line for an address that cannot be listened on."""
    if error.errno == errno.EADDRINUSE:
        reason = f"port {port} is in use: stop what listens there, or choose another --port"
    elif error.errno == errno.EADDRNOTAVAIL:
        reason = f"{host} is not an address of this machine"
    elif error.errno == errno.EACCES:
        reason = f"no permission to listen on port {port} (below 1024 needs root)"
    else:
        reason = error.strerror or str(error)
    return f"cannot serve on {url(host, port)}: {reason}"


def visitor_files(args: argparse.Namespace) -> tuple[str, Path | None]:
    """What visitors may use: a folder (or NO_FILES), and where their autosaves go, if anywhere.

    --autosave FILE needs --allow-writes DIR: FILE is taken inside DIR like a path a visitor
    types, and each visitor saves a file of their own next to it (see `visitor_command`).
    """
    if args.allow_writes is None:
        if args.autosave is not None:
            raise ServeError(
                "--autosave with --serve needs --allow-writes DIR, where each visitor saves"
            )
        return NO_FILES, None
    folder = Path(args.allow_writes).resolve()
    if not folder.is_dir():
        raise ServeError(f"--allow-writes {args.allow_writes}: not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ServeError(f"--allow-writes {args.allow_writes}: no permission to write there")
    try:
        autosave = None if args.autosave is None else inside(folder, args.autosave)
    except FileRefused as refused:
        raise ServeError(f"--autosave {refused}") from None
    return str(folder), autosave


def serve(parser: argparse.ArgumentParser, args: argparse.Namespace, words: list[str]) -> int:
    """Check everything, warn when the address reaches beyond this machine, then serve until
    ctrl+c. Loopback by default: over SSH, reach it with `ssh -L 8000:127.0.0.1:8000 box`.
    """
    address = args.host or DEFAULT_HOST
    number = args.port or DEFAULT_PORT
    try:
        files, autosave = visitor_files(args)
        loopback = check_address(address, number)
    except ServeError as error:
        parser.error(str(error))  # one line, status 2
    if not loopback:
        print(
            f"scratchnet-tui: warning: {address} is not loopback: anyone who can reach port "
            f"{number} can use the app",
            file=sys.stderr,
        )
    from tui.serving.web import VisitorServer  # textual-serve and aiohttp take a while

    words_for_visitors = app_words(parser, words, leave_out=["autosave"])
    server = VisitorServer(
        lambda: visitor_command(words_for_visitors, autosave),
        host=address,
        port=number,
        max_clients=args.max_clients or DEFAULT_MAX_CLIENTS,
        files=files,
        names=[address, *(args.public_name or [])],
    )
    listening = f"scratchnet-tui: serving on {url(address, number)} (ctrl+c stops)"
    try:
        server.run(on_listening=lambda: print(listening, flush=True))
    except ServeError as error:
        print(f"scratchnet-tui: error: {error}", file=sys.stderr)
        return 1
    return 0
