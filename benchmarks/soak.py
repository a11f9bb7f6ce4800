"""A long, hostile session: the installed `scratchnet-tui` in a real pty, random keys from every
binding, memory measured every minute.

    python benchmarks/soak.py [--minutes 10] [--keys-per-second 20] [--seed 0] [-- APP OPTIONS]

Presses keys drawn at random from every binding of the app (`ScratchnetApp.BINDINGS`, every
alternative key of each, plus Esc; not quit or suspend) at about `--keys-per-second`, after a
warm-up of 10 seconds of the same. Prints the app's resident memory (RSS) when the warm-up
ends and every minute after, then the growth, the keys sent, crashes (the app ended by itself:
it is started again) and tracebacks seen on screen. Target (issue 11): at most 20 MB of growth
over 10 minutes, no crash, no traceback. Needs the test extra (pyte). Exit status 1 when the
target is missed.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.soak import soak, soak_keys  # noqa: E402

TARGET_MB_PER_10_MINUTES = 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to soak (10)")
    parser.add_argument("--keys-per-second", type=float, default=20.0, help="key rate (20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random keys (0)")
    parser.add_argument("--warm-up", type=float, default=10.0, help="seconds before RSS 0 (10)")
    parser.add_argument("app_options", nargs="*", help="options for scratchnet-tui, after --")
    args = parser.parse_args()
    app = Path(sys.executable).parent / "scratchnet-tui"
    if not app.exists():
        sys.exit(f"scratchnet-tui is not installed next to {sys.executable}: pip install '.[test]'")
    from tui.app import ScratchnetApp  # after the options: Textual takes a while to import

    keys = soak_keys([b for b in ScratchnetApp.BINDINGS if not isinstance(b, tuple)])
    print(f"soaking {app.name} {' '.join(args.app_options)} for {args.minutes:g} min,")
    print(f"{len(keys)} keys: {' '.join(repr(k)[1:-1] for k in keys)}")
    print(f"{'minute':>7} {'RSS MB':>8}")
    result = soak(
        [str(app), *args.app_options],
        args.minutes * 60,
        keys=keys,
        warm_up=args.warm_up,
        keys_per_second=args.keys_per_second,
        seed=args.seed,
        report=lambda seconds, mb: print(f"{seconds / 60:7.1f} {mb:8.1f}", flush=True),
    )
    allowed = TARGET_MB_PER_10_MINUTES * args.minutes / 10
    print(f"growth     {result.growth_mb:+.1f} MB (target: at most {allowed:.1f} MB)")
    print(f"keys sent  {result.keys_sent}")
    print(f"crashes    {result.crashes}")
    for status, recent in zip(result.crash_statuses, result.crash_keys):
        print(f"  exit status {status} after the keys {' '.join(repr(k) for k in recent)}")
    print(f"tracebacks {result.tracebacks}")
    if result.crashes or result.tracebacks:
        print("last screen of a crash:\n" + result.last_screen)
    met = result.growth_mb <= allowed and not result.crashes and not result.tracebacks
    print("target met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
