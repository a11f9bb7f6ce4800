"""A long, hostile session: the installed `scratchnet-tui` in a real pty, typed into at random for
minutes, its memory measured every minute, every crash and traceback counted.

    python benchmarks/soak.py                     # the tutorial's run, 10 minutes
    python benchmarks/soak.py --playground        # Playground mode, its defaults, 10 minutes
    python benchmarks/soak.py --playground 'https://playground.tensorflow.org/#dataset=xor'
    python benchmarks/soak.py --minutes 1         # a short one (either mode)
    python benchmarks/soak.py -- --hidden 8,8     # options after -- go to scratchnet-tui

It types about --keys-per-second writes a second, after a warm-up of --warm-up seconds of the
same: a key drawn from every key the app binds (its own, Textual's App's, the command palette's
ctrl+p, and those of its screens and dialogs; each alternative key too, `+` and `=`, `-`; plus
Esc and Backspace; never quit or suspend), or one time in ten a move typed in one write as over
SSH: a burst of Enters, or the command palette, a word and Enter twice (`ctrl+p xor Enter
Enter`). See harness/soak.py.

It prints the keys, then the app's resident memory (RSS) when the warm-up ends and every minute
after, then: RSS at the start and the end and the growth, the writes sent, the crashes (the
app ended with a non-zero status or a traceback) and the quits (it ended with status 0 and no
traceback: a way out other than q and ctrl+c, which the soak never sends), each with its exit
status, the last keys before it and its last screen (the app is started again after either),
and the tracebacks (processes that showed one, on the screen or in what they wrote after
leaving it). Target (issue 11): at most 20 MB of growth over 10 minutes, no crash, no quit, no
traceback; the exit status is 1 when it is missed. Needs the test extra (pyte).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB_PER_10_MINUTES = 20.0


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to soak (10)")
    parser.add_argument("--keys-per-second", type=float, default=20.0, help="writes a second (20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random keys (0)")
    parser.add_argument("--warm-up", type=float, default=10.0, help="seconds before RSS 0 (10)")
    parser.add_argument(
        "--playground",
        nargs="?",
        const="",
        metavar="URL",
        help="soak Playground mode: this TensorFlow Playground URL, or its defaults",
    )
    parser.add_argument("app_options", nargs="*", help="options for scratchnet-tui, after --")
    return parser.parse_args()


def main() -> int:
    args = options()
    app = Path(sys.executable).parent / "scratchnet-tui"
    if not app.exists():
        sys.exit(f"scratchnet-tui is not installed next to {sys.executable}: pip install '.[test]'")
    # After the options: Textual takes a while to import, and --help should not wait for it.
    from harness.soak import bound_keys, soak, soak_keys, typed_moves
    from tui.app import ScratchnetApp

    command = [str(app), *args.app_options]
    if args.playground is not None:
        command += ["--playground", args.playground] if args.playground else ["--playground"]
    keys, moves = soak_keys(bound_keys(ScratchnetApp)), typed_moves()
    print(f"soaking {' '.join([app.name, *command[1:]])} for {args.minutes:g} min,")
    print(f"{len(keys)} keys: {' '.join(repr(k)[1:-1] for k in keys)}")
    print(f"and {len(moves)} moves: {' '.join(repr(m)[1:-1] for m in moves)}")
    print(f"{'minute':>7} {'RSS MB':>8}")
    result = soak(
        command,
        args.minutes * 60,
        keys=keys,
        moves=moves,
        warm_up=args.warm_up,
        keys_per_second=args.keys_per_second,
        seed=args.seed,
        report=lambda seconds, mb: print(f"{seconds / 60:7.1f} {mb:8.1f}", flush=True),
    )
    allowed = TARGET_MB_PER_10_MINUTES * args.minutes / 10
    first, last = result.samples[0][1], result.samples[-1][1]
    print(f"RSS        {first:.1f} MB at the start, {last:.1f} MB at the end")
    print(f"growth     {result.growth_mb:+.1f} MB (target: at most {allowed:.1f} MB)")
    if result.crashes or result.quits:
        print("           (the app was started again after each end: not a figure of a leak)")
    print(f"writes     {result.keys_sent}")
    for kind, ends in (("crash", result.crashes), ("quit", result.quits)):
        print(f"{kind + 'es' if kind == 'crash' else kind + 's':<10} {len(ends)}")
        for number, end in enumerate(ends, start=1):
            shown = "with a traceback" if end.traceback else "no traceback seen"
            print(f"  {kind} {number}: exit status {end.status}, {shown}, after the keys")
            print("    " + " ".join(repr(k) for k in end.keys))
            print(f"  its last screen:\n{end.screen}")
    print(f"tracebacks {result.tracebacks}")
    crashed = {crash.screen for crash in result.crashes}
    for screen in result.traceback_screens:
        if screen not in crashed:
            print(f"  a traceback, the app still running when it was seen:\n{screen}")
    ended = result.crashes or result.quits
    met = result.growth_mb <= allowed and not ended and not result.tracebacks
    print("target met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
