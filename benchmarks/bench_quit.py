"""How long the installed `scratchnet-tui` takes to end, from the key or signal to the exit.

    python benchmarks/bench_quit.py [--only TEXT]

Starts the app in a real pseudo-terminal (120x40, TERM=xterm-256color, no COLORTERM), waits
until it is drawn, does something that keeps the worker busy, then quits (q, ctrl+c, SIGHUP or
SIGTERM) and times two things: when the terminal is given back (the alternate screen left,
the shell's screen again) and the exit (the shell's prompt). The cases are issues 11's and
19's: a default run, the 4 x 1024 network whose step takes minutes, a gradient check of 8 x 32
and of 3 x 1024, and a 400 x 400 network busy on its first picture; and ctrl+c and SIGTERM
behind 1,000 keys still waiting to be handled (tests/e2e/test_quitting.py checks that the app
then ends cleanly; how soon is measured here). With --autosave the exit includes writing the
run file, which grows with the network (the size is printed), after the terminal is given back
and a line saying so; the target is the terminal back within 1 s, and the exit within 1 s plus
the save's own time. Needs the test extra (pyte).
"""

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.terminal import Terminal  # noqa: E402

BIN = Path(sys.executable).parent
HUGE = "1024,1024,1024,1024"
BURST = "cci\x1bp\x1bv\x1b?\x1b" * 100 + "c"  # 1,000 keys: handling them takes many seconds


GIVEN_BACK = b"\x1b[?1049l"  # the alternate screen left


def quit_time(options: list[str], keys: str, how: str, autosave: bool) -> tuple[float, float, str]:
    """Seconds from quitting to the terminal given back and to the exit, and what the exit left
    (status, saved file size)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.json"
        argv = [str(BIN / "scratchnet-tui"), *options]
        if autosave:
            argv += ["--autosave", str(path)]
        term = Terminal(argv, cwd=folder)
        try:
            if not term.wait_for(lambda t: "Quit" in t, timeout=120):
                return float("nan"), float("nan"), "never drawn"
            if keys:
                term.send(keys)
                term.read(1.0)  # let the key reach the worker and the work begin
            start = time.perf_counter()
            if how in ("q", "ctrl+c"):
                term.send("q" if how == "q" else "\x03")
            else:
                os.kill(term.pid, signal.SIGHUP if how == "SIGHUP" else signal.SIGTERM)
            given_back = None
            while term.exit_status is None and time.perf_counter() - start < 120:
                term.wait_exit(0.01)
                if given_back is None and GIVEN_BACK in term.tail:
                    given_back = time.perf_counter() - start
            seconds = time.perf_counter() - start
            saved = f", {path.stat().st_size / 1e6:.1f} MB saved" if path.exists() else ""
            left = f"status {term.exit_status}{saved}"
            return float("nan") if given_back is None else given_back, seconds, left
        finally:
            term.close()


CASES = [
    ("default run, q", [], "", "q", False),
    ("default run, ctrl+c", [], "", "ctrl+c", False),
    ("default run, SIGHUP, autosave", [], "", "SIGHUP", True),
    ("default run, SIGTERM, autosave", [], "", "SIGTERM", True),
    (f"--hidden {HUGE}, q", ["--hidden", HUGE], "", "q", False),
    (f"--hidden {HUGE}, q, autosave", ["--hidden", HUGE], "", "q", True),
    ("8 x 32, gradient check, q", ["--paused", "--hidden", ",".join(["32"] * 8)], "g", "q", False),
    (
        "8 x 32, gradient check, q, autosave",
        ["--paused", "--hidden", ",".join(["32"] * 8)],
        "g",
        "q",
        True,
    ),
    ("400 x 400 busy, q, autosave", ["--hidden", "400,400"], "", "q", True),
    (
        "3 x 1024, gradient check, ctrl+c, autosave",
        ["--paused", "--hidden", "1024,1024,1024"],
        "g",
        "ctrl+c",
        True,
    ),
    ("1,000 keys waiting, ctrl+c", ["--paused"], BURST, "ctrl+c", False),
    ("1,000 keys waiting, SIGTERM", ["--paused"], BURST, "SIGTERM", False),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="", metavar="TEXT", help="only the cases named so")
    args = parser.parse_args()
    print(f"{'case':<44} {'terminal back':>13} {'exit after':>10}  what it left")
    for name, options, keys, how, autosave in CASES:
        if args.only not in name:
            continue
        given_back, seconds, left = quit_time(options, keys, how, autosave)
        print(f"{name:<44} {given_back:>11.2f} s {seconds:>8.2f} s  {left}")


if __name__ == "__main__":
    main()
