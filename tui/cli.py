"""`scratchnet-tui`: options are checked exactly like `scratchnet train`'s, then the app runs."""

import argparse
import math
import os
import shlex
import sys

from scratchnet import options
from scratchnet.cli import start_run
from scratchnet.runfile import RunFileError, check_writable


def frames_per_second(text: str) -> float:
    """How often the screen may update: 1 to 60 frames a second."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fps must be a number, got {text!r}") from None
    if not (math.isfinite(value) and 1 <= value <= 60):
        raise argparse.ArgumentTypeError(f"fps must be between 1 and 60, got {text!r}")
    return value


def port(text: str) -> int:
    """A TCP port: 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a whole number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = options.OneLineParser(
        prog="scratchnet-tui",
        description="Watch a neural network learn, live, in the terminal.",
    )
    options.add_run_options(parser)
    parser.add_argument(
        "--fps", type=frames_per_second, default=8.0, help="screen updates per second (8)"
    )
    parser.add_argument("--paused", action="store_true", help="start paused")
    parser.add_argument("--load", metavar="FILE", help="open a saved run and go on with it")
    parser.add_argument(
        "--autosave",
        metavar="FILE",
        help="save the run to FILE when the app ends, also when the terminal hangs up",
    )
    parser.add_argument(
        "--serve", action="store_true", help="serve the app to a web browser (textual-serve)"
    )
    parser.add_argument(
        "--host",
        default=None,
        help="with --serve: the address to listen on (127.0.0.1: reach it by an SSH tunnel)",
    )
    parser.add_argument(
        "--port", type=port, default=None, help="with --serve: the port to listen on (8000)"
    )
    parser.add_argument(
        "--skip-to",
        type=options.steps,
        default=0,
        metavar="STEP",
        help="train this many steps before the first frame (0)",
    )
    return parser


SWITCH_INTERVAL = 0.0005  # seconds a thread may hold the GIL while another one waits for it
SCREEN_UPDATES_PER_SECOND = "500"  # Textual's cap on screen updates (its default is 60)


def tune_for_latency() -> None:
    """Make a key show on screen within milliseconds while training runs flat out.

    The training thread is pure Python and wants the interpreter lock all the time; the
    threads that read keys, update the screen and write to the terminal each need it too,
    and by default wait up to 5 ms for it at every hand-over. A shorter switch interval bounds
    each wait. Textual also batches screen updates at 60 a second, up to 17 ms more; the app
    never asks for more than --fps frames a second, so a higher cap only makes a change show
    sooner. Both apply to this process only, and an explicit TEXTUAL_FPS wins.
    """
    sys.setswitchinterval(SWITCH_INTERVAL)
    os.environ.setdefault("TEXTUAL_FPS", SCREEN_UPDATES_PER_SECOND)


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(words)
    if not args.serve and (args.host is not None or args.port is not None):
        parser.error("--host and --port go with --serve")
    try:
        config, trainer = start_run(args, options.given_run_options(words))
        if args.autosave is not None:
            check_writable(args.autosave)
    except RunFileError as error:
        parser.error(str(error))  # one line, status 2, before any screen
    if args.serve:
        return serve(words, args.host or "127.0.0.1", args.port or 8000)
    tune_for_latency()  # before Textual is imported: it reads TEXTUAL_FPS once
    from tui.app import ScratchnetApp  # after the options are good: Textual takes a while

    app = ScratchnetApp(
        config,
        trainer=trainer,
        fps=args.fps,
        paused=args.paused,
        skip_to=args.skip_to,
        autosave=args.autosave,
    )
    app.run()
    problem = app.stop_and_autosave()
    if problem is not None:
        print(f"scratchnet-tui: {problem}", file=sys.stderr)
    elif app.saved_on_exit is not None:
        print(f"scratchnet-tui: saved the run to {app.saved_on_exit}", file=sys.stderr)
    status = 1 if problem is not None else 0
    if not app.session.finished.is_set():
        # A step of a very large run is still going: Python would wait for it before
        # exiting. Quitting means now, so leave without waiting (nothing is left to save).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


SERVE_OPTIONS = {"--serve": 0, "--host": 1, "--port": 1}


def serve(words: list[str], host: str, port: int) -> int:
    """Serve the app to web browsers: each visitor gets their own run, started with the same
    options. Loopback by default: over SSH, reach it with `ssh -L 8000:127.0.0.1:8000 box`.
    """
    from textual_serve.server import Server

    rest: list[str] = []
    skip = 0
    for word in words:
        name = word.split("=", 1)[0]
        if skip:
            skip -= 1
        elif name in SERVE_OPTIONS:
            skip = SERVE_OPTIONS[name] if "=" not in word else 0
        else:
            rest.append(word)
    command = shlex.join([sys.executable, "-m", "tui", *rest])
    print(f"scratchnet-tui: serving on http://{host}:{port} (ctrl+c stops)", flush=True)
    Server(command, host=host, port=port, title="scratchnet").serve()
    return 0
