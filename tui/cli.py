"""`scratchnet-tui`: options are checked exactly like `scratchnet train`'s, then the app runs."""

import argparse
import contextlib
import math
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scratchnet import options
from scratchnet.settings import SETTING, Setting
from scratchnet.shown import shown
from tui.lifecycle import garbage
from tui.serving import options as serving

if TYPE_CHECKING:  # imported where used: `--help` and a refused option need none of them
    from scratchnet.playground import PlaygroundState
    from scratchnet.run import Run


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


# The status of a program ended by ctrl+c, as a shell gives it (128 + SIGINT). ctrl+c while
# the app starts (Python importing it, a --load or --skip-to that takes a while), before the
# app or a server has the keyboard, ends it with this and no traceback.
INTERRUPTED = 130

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
) -> "PlaygroundState":
    """The Playground run of `--playground [URL]`.

    A bad URL, or a tutorial's run option or --load given with it, is refused with one line
    (status 2) before any screen: the URL holds the whole run.
    """
    refused = [setting.flag for setting in given if setting.learns]  # --speed only paces it
    if args.load:
        refused.append("--load")
    if refused:
        parser.error(f"{', '.join(refused)}: not with --playground, whose URL holds the whole run")
    from scratchnet.playground import PlaygroundState  # only now: see `main`

    try:
        return PlaygroundState.from_url(args.playground)
    except ValueError as error:
        parser.error(f"--playground: {error}")


def loaded_run(args: argparse.Namespace, given: Sequence[Setting]) -> "Run":
    """The run saved in `--load FILE`, of either kind, with the options typed beside it applied:
    only the run's live settings may be (its settings come from the file), and `--speed`,
    which paces the app. Raises RunFileError, one line."""
    from scratchnet.modes import open_run
    from scratchnet.run_json import RunFileError

    run = open_run(args.load)
    table = run.settings_table
    pace = SETTING["speed"]
    fixed = [s.flag for s in given if (s not in table or not s.live) and s is not pace]
    if fixed:
        live = ", ".join(s.flag for s in table if s.live and s.flag) or pace.flag
        raise RunFileError(
            f"--load takes the settings from {args.load}, so {', '.join(fixed)} cannot change "
            f"them; only {live} can"
        )
    changes = {s.name: getattr(args, s.dest) for s in given if s in table}
    try:
        return run.change_settings(changes) if changes else run
    except ValueError as error:
        raise RunFileError(str(error)) from None


def start_run(
    parser: argparse.ArgumentParser, args: argparse.Namespace, given: Sequence[Setting]
) -> "Run":
    """The run the options ask for: a Playground URL's, a saved one, or the tutorial's. A bad
    option, URL or file is refused with one line (status 2) before any screen."""
    from scratchnet.modes import make_run
    from scratchnet.run_json import RunFileError
    from scratchnet.start import new_config

    try:
        if args.playground is not None:
            run = make_run(playground_state(parser, args, given))
        elif args.load is not None:
            run = loaded_run(args, given)
        else:
            run = make_run(new_config(args, given))
        if args.autosave is not None:
            from scratchnet.runfile import RUN_FILE, check_writable  # the run files' code

            check_writable(args.autosave, RUN_FILE)
    except RunFileError as error:
        parser.error(str(error))  # one line, status 2, before any screen
    return run


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(words)
    if misplaced := serving.misplaced_options(args):
        parser.error(misplaced)
    try:
        # What only a run needs is imported once the options are found good: `--help` and a bad
        # option, answered in a tenth of a second, need none of it.
        given = options.given_settings(words)
        run = start_run(parser, args, given)
        if args.serve or args.ssh:
            from tui.serving.start import serve

            return serve(parser, args, words)
        encoding = sys.__stderr__.encoding if sys.__stderr__ is not None else None
        if problem := terminal_problem(os.environ.get("TERM", ""), encoding):
            parser.exit(2, f"scratchnet-tui: {problem}\n")
        tune_for_latency()  # before Textual is imported: it reads TEXTUAL_FPS once
        garbage.hold()  # until the first frame is on screen (see tui/lifecycle/garbage.py)
        from tui.app import ScratchnetApp  # after the options are good: Textual takes a while

        app = ScratchnetApp(
            run=run,
            fps=args.fps,
            paused=args.paused,
            skip_to=args.skip_to,
            autosave=args.autosave,
            speed=args.speed if SETTING["speed"] in given else None,
        )
    except KeyboardInterrupt:  # ctrl+c before the app or a server has the keyboard
        return INTERRUPTED
    app.run()
    crashed = bool(app.return_code)  # Textual's: 1 once an error it did not expect ended it
    if app.autosave is not None and not app.hung_up:
        # The terminal is back: a big run takes seconds to copy and write (a 3 x 1024 network
        # is some 90 MB), and the shell's prompt waits for it. Say what it waits for.
        tell(f"saving the run to {app.autosave}…")
    problem = app.stop_and_autosave()
    if problem is not None:
        tell(problem)
    if app.left_out:  # the worker was stuck in a long step or picture: say what the file lacks
        tell(f"the saved run lacks the last {app.left_out} change(s) asked for before quitting")
    if crashed:
        tell(after_a_crash(app.autosave, app.saved_on_exit))
    elif app.saved_on_exit is not None:
        tell(f"saved the run to {app.saved_on_exit}")
    status = 1 if problem is not None or crashed else 0
    if app.hung_up or not app.session.finished.is_set() or threads_left():
        # The terminal is gone (Python's last flush to it would fail, and make the status
        # 120), or the worker is still in a long step, picture or check, or another thread
        # is still going (one of Textual's, say), which Python would wait for. The run is
        # saved already: leave now.
        with contextlib.suppress(OSError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    return status


def threads_left() -> bool:
    """Whether a thread Python waits for on its way out is still running, besides this one."""
    main = threading.main_thread()
    return any(t.is_alive() and not t.daemon and t is not main for t in threading.enumerate())


def after_a_crash(autosave: str | None, saved: str | None) -> str:
    """The line after Textual's report of an error that ended the app: where the run went."""
    said = "the app ended on an error (above)"
    if saved is not None:
        return f"{said}; the run is saved in {saved}"
    if autosave is None:
        return f"{said}; the run was not saved (no --autosave)"
    return said  # the line before says why the autosave failed


def tell(line: str) -> None:
    """A line for the user on standard error, unless the terminal is gone (a hang-up)."""
    with contextlib.suppress(OSError):
        print(f"scratchnet-tui: {line}", file=sys.stderr, flush=True)
