"""From the serving options to a running server: check everything, warn, then serve.

Both servers start the same way: the visitor policy (tui/serving/policy.py), the address and
the server's own needs (SSH: asyncssh, its host key, --ssh-keys) are checked first, each
problem in one line (status 2) before anything says "serving on"; an address beyond loopback
gets a warning; then the server runs until ctrl+c. Standard library only until the server
itself is imported, once the options are found good.
"""

import argparse
import sys
import warnings
from typing import Protocol

from tui.serving.listen import ServeError, check_address, url
from tui.serving.options import (
    DEFAULT_HOST,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_PER_ADDRESS,
    DEFAULT_PORT,
    app_words,
    default_max_clients,
)
from tui.serving.policy import VisitorPolicy, visitor_policy


class Server(Protocol):
    def run(self) -> None:
        """Serve until SIGINT or SIGTERM; ServeError (one line) if it cannot listen."""


def serve(parser: argparse.ArgumentParser, args: argparse.Namespace, words: list[str]) -> int:
    """`--serve` or `--ssh`: check, warn when the address reaches beyond this machine, serve
    until ctrl+c. Loopback by default: from elsewhere through an SSH tunnel, or say --host."""
    host, port = args.ssh or (args.host or DEFAULT_HOST, args.port or DEFAULT_PORT)
    scheme = "ssh" if args.ssh else "http"
    visitor_words = app_words(parser, words, leave_out=["autosave"])
    try:
        policy = visitor_policy(
            args, default_max_clients(), DEFAULT_PER_ADDRESS, DEFAULT_IDLE_TIMEOUT
        )
        loopback = check_address(host, port, scheme)
        make = ssh_server if args.ssh else web_server
        server = make(args, host, port, policy, visitor_words)
    except ServeError as error:
        parser.error(str(error))  # one line, status 2
    if not loopback:
        keyed = f" with a key of {args.ssh_keys}" if args.ssh and args.ssh_keys else ""
        print(
            f"scratchnet-tui: warning: {host} is not loopback: anyone who can reach port "
            f"{port}{keyed} can use the app",
            file=sys.stderr,
        )
    try:
        server.run()
    except ServeError as error:
        print(f"scratchnet-tui: error: {error}", file=sys.stderr)
        return 1
    return 0


def listening(where: str) -> None:
    print(f"scratchnet-tui: serving on {where} (ctrl+c stops)", flush=True)


def web_server(
    args: argparse.Namespace, host: str, port: int, policy: VisitorPolicy, words: list[str]
) -> Server:
    """The web server: textual-serve and aiohttp, imported only now (they take a while)."""
    from tui.serving.web import VisitorServer

    names = [host, *(args.public_name or [])]
    return VisitorServer(
        words,
        host=host,
        port=port,
        policy=policy,
        names=names,
        on_listening=lambda: listening(url(host, port)),
    )


def ssh_server(
    args: argparse.Namespace, host: str, port: int, policy: VisitorPolicy, words: list[str]
) -> Server:
    """The SSH server, its host key made or read, --ssh-keys read: asyncssh, imported only
    now; ServeError if it is not installed."""
    try:
        with warnings.catch_warnings():  # cryptography's notice that DSA keys are deprecated
            warnings.filterwarnings("ignore", message="DSA is deprecated")
            from tui.serving.ssh import ClassroomServer
    except ImportError as missing:
        raise ServeError(
            f"--ssh needs asyncssh ({missing.name} is missing): "
            "pip install '.[ssh]' in scratchnet's folder"
        ) from None

    def announce(fingerprint: str) -> None:
        listening(url(host, port, "ssh"))
        print(
            f"scratchnet-tui: host key {fingerprint} (students' ssh shows it on first connecting)",
            flush=True,
        )

    return ClassroomServer(
        words, host=host, port=port, policy=policy, keys_file=args.ssh_keys, on_listening=announce
    )
