"""From the serving options to a running server: check everything, warn, then serve.

Standard library only until the server itself is imported, once everything is found good.
"""

import argparse
import sys

from tui.serving.listen import ServeError, check_address, url
from tui.serving.options import DEFAULT_HOST, DEFAULT_MAX_CLIENTS, DEFAULT_PORT, app_words
from tui.serving.policy import visitor_command, visitor_files


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
