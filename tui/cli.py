"""`scratchnet-tui`: options are checked exactly like `scratchnet train`'s, then the app runs."""

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scratchnet import options
from scratchnet.settings import SETTING, Setting
from scratchnet.shown import shown
from tui.serving import options as serving

if TYPE_CHECKING:
    from scratchnet.playground import PlaygroundState


def frames_per_second(text: str) -> float:
    """How often the screen may update: 1 to 60 frames a second."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fps must be a number, got {shown(text)}") from None
    if not (math.isfinite(value) and 1 <= value <= 60):
        raise argparse.ArgumentTypeError(f"fps must be between 1 and 60, got {shown(text)}")
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
        "--playground",
        nargs="?",
        const="",
        metavar="URL",
        help="TensorFlow Playground's mode: run this Playground URL (or its #hash) as the "
        "Playground does; with no URL, the Playground's defaults and a new seed",
    )
    parser.add_argument("--load", metavar="FILE", help="open a saved run and go on with it")
    parser.add_argument(
        "--autosave",
        metavar="FILE",
        help="save the run to FILE when the app ends, also when the terminal hangs up",
    )
    serving.add_serve_options(parser)
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


APP_CHARACTERS = "╭─│█▀░●"  # box lines, half blocks, shades, points: what every screen draws


def terminal_problem(term: str, encoding: str | None) -> str | None:
    """Why the terminal cannot show the app, in one line; None if it can.

    TERM=dumb (Emacs' shell, a log) draws no escape codes: the app would fill it with them.
    An output that cannot encode the app's characters (an ASCII locale without UTF-8) would
    show escaped garbage: refused rather than half drawn. `encoding` is the one of the stream
    Textual draws on (standard error).
    """
    if term.strip().lower() == "dumb":
        return (
            "TERM=dumb cannot show a full-screen app: run it in a terminal emulator "
            "(TERM=xterm-256color), or train with `scratchnet train`"
        )
    try:
        APP_CHARACTERS.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return (
            f"the terminal's encoding ({encoding}) cannot show the app's characters: "
            "use a UTF-8 locale, e.g. LANG=C.UTF-8"
        )
    return None


def playground_state(
    parser: argparse.ArgumentParser, args: argparse.Namespace, given: Sequence[Setting]
) -> "PlaygroundState | None":
    """The Playground run of `--playground [URL]`, or None without it.

    A bad URL, or a tutorial's run option or --load given with it, is refused with one line
    (status 2) before any screen: the URL holds the whole run.
    """
    if args.playground is None:
        return None
    refused = [setting.flag for setting in given if setting.learns]  # --speed only paces it
    refused += [
        flag for flag, value in [("--load", args.load), ("--autosave", args.autosave)] if value
    ]
    if args.skip_to:
        refused.append("--skip-to")
    if refused:
        parser.error(f"{', '.join(refused)}: not with --playground, whose URL holds the whole run")
    from scratchnet.playground import PlaygroundState  # only now: see `main`

    try:
        return PlaygroundState.from_url(args.playground)
    except ValueError as error:
        parser.error(f"--playground: {error}")


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(words)
    if misplaced := serving.misplaced_options(args):
        parser.error(misplaced)
    # What only a run needs is imported once the options are found good: `--help` and a bad
    # option, answered in a tenth of a second, need none of it.
    from scratchnet.runfile import RUN_FILE, RunFileError, check_writable
    from scratchnet.start import start_run_and_timeline
    from tui.serving.start import serve

    given = options.given_settings(words)
    playground = playground_state(parser, args, given)
    try:
        config, trainer, timeline = start_run_and_timeline(args, given)
        if args.autosave is not None:
            check_writable(args.autosave, RUN_FILE)
    except RunFileError as error:
        parser.error(str(error))  # one line, status 2, before any screen
    if args.serve or args.ssh:
        return serve(parser, args, words)
    encoding = sys.__stderr__.encoding if sys.__stderr__ is not None else None
    if problem := terminal_problem(os.environ.get("TERM", ""), encoding):
        parser.exit(2, f"scratchnet-tui: {problem}\n")
    tune_for_latency()  # before Textual is imported: it reads TEXTUAL_FPS once
    from tui.app import ScratchnetApp  # after the options are good: Textual takes a while

    app = ScratchnetApp(
        config,
        trainer=trainer,
        timeline=timeline,
        fps=args.fps,
        paused=args.paused,
        skip_to=args.skip_to,
        autosave=args.autosave,
        playground=playground,
        playground_speed=args.speed if SETTING["speed"] in given else None,
    )
    app.run()
    if app.autosave is not None and not app.hung_up:
        # The terminal is back: a big run takes seconds to copy and write (a 3 x 1024 network
        # is some 90 MB), and the shell's prompt waits for it. Say what it waits for.
        tell(f"saving the run to {app.autosave}…")
    problem = app.stop_and_autosave()
    if problem is not None:
        tell(problem)
    elif app.saved_on_exit is not None:
        tell(f"saved the run to {app.saved_on_exit}")
    status = 1 if problem is not None else 0
    if app.hung_up or not app.session.finished.is_set():
        # The terminal is gone (Python's last flush to it would fail, and make the status
        # 120), or the worker is still in a long step, picture or check, which Python would
        # wait for. The run is saved already: leave now.
        with contextlib.suppress(OSError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    return status


def tell(line: str) -> None:
    """A line for the user on standard error, unless the terminal is gone (a hang-up)."""
    with contextlib.suppress(OSError):
        print(f"scratchnet-tui: {line}", file=sys.stderr, flush=True)
