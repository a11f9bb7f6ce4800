"""`scratchnet-tui`: options are checked exactly like `scratchnet train`'s, then the app runs."""

import argparse
import math
import os
import sys

from scratchnet import options


def frames_per_second(text: str) -> float:
    """How often the screen may update: 1 to 60 frames a second."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fps must be a number, got {text!r}") from None
    if not (math.isfinite(value) and 1 <= value <= 60):
        raise argparse.ArgumentTypeError(f"fps must be between 1 and 60, got {text!r}")
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
    args = build_parser().parse_args(argv)
    tune_for_latency()  # before Textual is imported: it reads TEXTUAL_FPS once
    from tui.app import ScratchnetApp  # after the options are good: Textual takes a while

    app = ScratchnetApp(
        options.run_config(args), fps=args.fps, paused=args.paused, skip_to=args.skip_to
    )
    app.run()
    return 0
