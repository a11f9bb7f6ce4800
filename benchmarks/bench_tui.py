"""SSH-grade speed of the installed `scratchnet-tui`, measured in a real pseudo-terminal.

    python benchmarks/bench_tui.py [--quick] [--diagram-only] [--cpu-only] [--launch-only]

Starts the installed command at 120x40 with TERM=xterm-256color and no COLORTERM (what SSH
usually gives), reads the screen with the pyte terminal emulator, and prints a table of what a
user on a slow link feels: bytes written per second, key-to-screen latency, training speed in
the app against headless `scratchnet train` measured in this same run, launch time, memory, and
CPU while paused and while training at 1 step a second (CPU seconds over 30 s of wall time,
after 5 s of warm-up; `--cpu-only`: just that row). The launch is timed side by side with a
minimal Textual app's, started in turn in the same terminal, and the ratio of their medians is
the figure: on a busy machine both slow down alike (`--launch-only`: just those rows). A launch
ends when the program has written its first frame to the terminal (the chunk of output that
completes it arrived); when pyte, pure Python and far slower than a user's terminal, had parsed
it is printed beside, for information. The app
trains at `--speed max` here (its default, 200 steps a second, is for watching). Two rows
measure the bytes a second with the network diagram open (`v`) while training, at the default
network and at the Playground's largest (`--diagram-only`: just those). Needs the test extra
(pyte).
"""

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pyte

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.terminal import Terminal  # noqa: E402

BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")

# The apps measured run from compiled Python, as after `pip install .` (which compiles it): with
# PYTHONDONTWRITEBYTECODE set (some containers set it) and an editable install, each launch
# would compile scratchnet and tui from source again, and Textual not. The bytecode is kept in a
# folder of this run's.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) and not os.environ.get("PYTHONPYCACHEPREFIX"):
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-tui-bytecode-")


def command(name: str) -> str:
    path = BIN / name
    if not path.exists():
        sys.exit(f"{name} is not installed next to {sys.executable}: pip install '.[test]'")
    return str(path)


def status_number(text: str, pattern: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


def step_of(text: str) -> int:
    value = status_number(text, r"step (\d+)")
    return int(value) if value is not None else -1


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def full_frame(text: str) -> bool:
    return "step " in text and text.count("●") >= 100 and "q Quit" in text


def bytes_per_second(term: Terminal, seconds: float) -> float:
    start_bytes, start = term.bytes_read, time.monotonic()
    while time.monotonic() - start < seconds:
        term.read(0.05)
    return (term.bytes_read - start_bytes) / (time.monotonic() - start)


def key_latency(term: Terminal, presses: int) -> list[float]:
    """Seconds from writing `space` to the pty until the status line shows the new state."""
    latencies = []
    for _ in range(presses):
        want = "paused" if "running" in term.text() else "running"
        start = time.perf_counter()
        term.send(" ")
        term.wait_for(lambda t, w=want: w in t.splitlines()[-2], timeout=5)
        latencies.append(time.perf_counter() - start)
        term.read(0.15)  # let it train a little between presses
    return latencies


def headless_steps_per_second(steps: int) -> float:
    """Steps a second of one run of `scratchnet train`, less the median start-up time."""

    def timed(n: int) -> float:
        start = time.perf_counter()
        subprocess.run(
            [command("scratchnet"), "train", "--steps", str(n), "--every", str(max(1, n))],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start

    startup = statistics.median(timed(0) for _ in range(3))
    return steps / (timed(steps) - startup)


def interleaved_speeds(term: Terminal, rounds: int) -> tuple[float, float, float]:
    """Training speed in the app and headless, measured in turns.

    The machine's speed drifts by tens of percent from one second to the next (other jobs,
    CPU boost), so each app reading is paired with a headless run right after it, with the app
    paused meanwhile, and the ratio is the median of the pairs' ratios. Returns the medians of
    the app's readings, of the headless runs, and of the ratios.
    """
    in_app, headless, ratios = [], [], []
    for _ in range(rounds):
        app = app_steps_per_second(term, 2.0)
        term.send(" ")
        term.wait_for(lambda t: "paused" in t.splitlines()[-2], timeout=5)
        alone = headless_steps_per_second(1500)
        term.send(" ")
        term.wait_for(lambda t: "running" in t.splitlines()[-2], timeout=5)
        in_app.append(app)
        headless.append(alone)
        ratios.append(app / alone)
        term.read(1.0)  # a second to get back to speed
    return statistics.median(in_app), statistics.median(headless), statistics.median(ratios)


def app_steps_per_second(term: Terminal, seconds: float) -> float:
    readings = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        term.read(0.25)
        value = status_number(term.text(), r"(\d+) steps/s")
        if value:
            readings.append(value)
    return statistics.median(readings[len(readings) // 3 :])


CPU_WARM_UP = 5.0  # seconds at 1 step a second before CPU is counted: the app's start is not
CPU_SECONDS = 30.0  # the fixed wall time CPU is counted over (10 with --quick): 1 tick is 0.03 %


def cpu_at_one_step_a_second(seconds: float) -> tuple[float, float]:
    """CPU seconds the app uses over `seconds` of wall time while it trains at `--speed 1` (it
    rests between steps), after a warm-up; and that as a percent of one core."""
    term = Terminal([command("scratchnet-tui"), "--speed", "1"])
    try:
        term.wait_for(lambda t: step_of(t) >= 2, timeout=30)
        warm_up_end = time.monotonic() + CPU_WARM_UP
        while time.monotonic() < warm_up_end:
            term.read(0.1)
        cpu_before, t_before = cpu_seconds(term.pid), time.monotonic()
        end = t_before + seconds
        while time.monotonic() < end:
            term.read(0.1)
        used, wall = cpu_seconds(term.pid) - cpu_before, time.monotonic() - t_before
        assert "running" in term.text(), "the app stopped training"
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()
    return used, used / wall * 100


def cpu_row(quick: bool) -> tuple[str, str, str, bool]:
    seconds = 10.0 if quick else CPU_SECONDS
    used, percent = cpu_at_one_step_a_second(seconds)
    measured = f"{used:.2f} s in {seconds:.0f} s: {percent:.2f} %"
    return ("CPU training at 1 step/s", measured, "<= 2 %", percent <= 2)


def tutorial_run_seconds() -> float:
    """Seconds the app takes, at its default speed, from its first frame to step 2000."""
    term = Terminal([command("scratchnet-tui")])
    try:
        term.wait_for(full_frame, timeout=30)
        start = time.perf_counter()
        term.wait_for(lambda t: step_of(t) >= 2000, timeout=60)
        seconds = time.perf_counter() - start
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()
    return seconds


class Launch(NamedTuple):
    """Seconds from starting a program to its first complete frame: when the program had
    written it to the terminal, and when pyte had parsed it."""

    written: float
    parsed: float


def first_frame(argv: list[str], complete: Callable[[str], bool]) -> tuple[Terminal, Launch]:
    """Start `argv` in a terminal and time its first frame, `complete(screen text)`.

    A thread reads the pty in large chunks and notes when each arrived, while this one feeds
    them to pyte: pyte parses a few MB a second (pure Python), so a program that writes 48 KB
    before its frame would be timed by pyte's speed, not its own; a user's terminal parses
    that in well under a millisecond. Once the frame is seen, the chunks are replayed into a
    fresh screen to find the first after which it was complete: its arrival is "written".
    """
    start = time.perf_counter()
    term = Terminal(argv)
    chunks: list[tuple[float, bytes]] = []  # (arrival, data); appended by the reader only
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            ready, _, _ = select.select([term.fd], [], [], 0.02)
            if ready:
                try:
                    data = os.read(term.fd, 1 << 20)
                except OSError:  # the program closed the terminal
                    return
                if not data:
                    return
                chunks.append((time.perf_counter(), data))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # the reader gets its turn within 0.2 ms of a chunk coming
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        fed, end = 0, start + 30
        while not complete(term.text()):
            if time.perf_counter() > end:
                raise TimeoutError(f"no first frame from {argv[0]} in 30 s")
            if fed == len(chunks):
                time.sleep(0.001)
            while fed < len(chunks):
                term.feed(chunks[fed][1])
                fed += 1
        parsed = time.perf_counter() - start
    finally:
        done.set()
        reader.join()
        sys.setswitchinterval(interval)
    screen = pyte.Screen(term.columns, term.lines)
    stream = pyte.ByteStream(screen)
    for arrival, data in chunks[:fed]:
        stream.feed(data)
        if complete("\n".join(screen.display)):
            return term, Launch(arrival - start, parsed)
    raise AssertionError("the frame seen was not made by the chunks read")


def launch_time() -> Launch:
    """The installed app's first complete frame (a full frame), then quit."""
    term, launch = first_frame([command("scratchnet-tui")], full_frame)
    try:
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()
    return launch


# The baseline: the least a Textual app does before its first frame (import Textual, start the
# driver, compose one widget, paint it), run by the same Python in the same terminal.
MINIMAL_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("a minimal Textual app")

Minimal().run()
"""


def minimal_launch_time() -> Launch:
    """A minimal Textual app's first frame, timed as the app's is."""
    term, launch = first_frame(
        [sys.executable, "-c", MINIMAL_APP], lambda t: "a minimal Textual app" in t
    )
    term.close()
    return launch


def launch_rows(rounds: int) -> list[tuple[str, str, str, bool]]:
    """The app's launch and a minimal Textual app's, in turn, `rounds` times each: medians,
    spreads, and the ratio of the medians when the frame was written (target: at most 1.5)
    and, for information, when pyte had parsed it."""
    ours: list[Launch] = []
    minimal: list[Launch] = []
    launch_time(), minimal_launch_time()  # not counted: Python's files read, bytecode made
    for _ in range(rounds):
        ours.append(launch_time())
        minimal.append(minimal_launch_time())
    rows = []
    for figure in ("written", "parsed"):
        medians = []
        for name, launches in (("launch, frame", ours), ("minimal Textual app", minimal)):
            times = [getattr(launch, figure) for launch in launches]
            spread = f"{min(times):.3f}-{max(times):.3f}"
            medians.append(statistics.median(times))
            row = f"{name} {figure}"
            rows.append((row, f"{medians[-1]:.3f} s ({spread})", "", True))
        ratio = medians[0] / medians[1]
        if figure == "written":
            rows.append(("launch / minimal, written", f"{ratio:.2f}", "<= 1.5", ratio <= 1.5))
        else:
            rows.append(("launch / minimal, parsed", f"{ratio:.2f}", "", True))
    return rows


def diagram_row(term: Terminal, span: float, name: str) -> tuple[str, str, str, bool]:
    """Bytes a second while training with the network diagram open (`v`), then closes it."""
    term.send("v")
    term.wait_for(lambda t: "network (v closes)" in t, timeout=10)
    term.read(2.0)  # the first paint of both panes at their new sizes is not what training costs
    sent = bytes_per_second(term, 2 * span) / 1024
    term.send("v")
    term.wait_for(lambda t: "network (v closes)" not in t, timeout=10)
    return (f"diagram open, {name}", f"{sent:.1f} KiB/s", "<= 24", sent <= 24)


def health_row(term: Terminal, span: float) -> tuple[str, str, str, bool]:
    """Bytes a second while training with the health view open (`h`), then closes it: at
    full speed a measurement comes many times a second, the view redraws at most twice."""
    term.send("h")
    term.wait_for(lambda t: "esc or h close" in t, timeout=10)
    term.read(2.0)
    sent = bytes_per_second(term, 2 * span) / 1024
    term.send("h")
    term.wait_for(lambda t: "esc or h close" not in t, timeout=10)
    return ("health view open, default 2-4-1", f"{sent:.1f} KiB/s", "<= 24", sent <= 24)


def measure_diagram(span: float) -> list[tuple[str, str, str, bool]]:
    """The diagram open while training the Playground's largest net: 7 inputs, 6 layers of 8."""
    every = "x,y,x2,y2,xy,sinx,siny"
    hidden = "8,8,8,8,8,8"
    term = Terminal(
        [command("scratchnet-tui"), "--speed", "max", "--features", every, "--hidden", hidden]
    )
    try:
        term.wait_for(lambda t: step_of(t) > 0, timeout=30)
        row = diagram_row(term, span, "7 inputs, 6x8")
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()
    return [row]


def measure(quick: bool) -> list[tuple[str, str, str, bool]]:
    span = 3.0 if quick else 6.0
    rows: list[tuple[str, str, str, bool]] = []

    rows += launch_rows(3 if quick else 5)
    term = Terminal([command("scratchnet-tui"), "--speed", "max"])
    try:
        term.wait_for(full_frame, timeout=30)

        training = bytes_per_second(term, 2 * span) / 1024
        rows.append(("output while training", f"{training:.1f} KiB/s", "<= 24", training <= 24))
        rows.append(diagram_row(term, span, "default 2-4-1"))
        rows.append(health_row(term, span))

        in_app, headless, ratio = interleaved_speeds(term, rounds=3 if quick else 7)
        latencies = key_latency(term, 10 if quick else 20)
        median, worst = statistics.median(latencies) * 1e3, max(latencies) * 1e3
        rows.append(("key latency, median", f"{median:.1f} ms", "<= 15 ms", median <= 15))
        rows.append(("key latency, max", f"{worst:.1f} ms", "<= 50 ms", worst <= 50))

        if "running" in term.text():
            term.send(" ")
        term.wait_for(lambda t: "paused" in t, timeout=5)
        term.read(0.5)
        cpu_before, t_before = cpu_seconds(term.pid), time.monotonic()
        paused = bytes_per_second(term, span) / 1024
        cpu = (cpu_seconds(term.pid) - cpu_before) / (time.monotonic() - t_before) * 100
        rows.append(("output while paused", f"{paused:.3f} KiB/s", "<= 0.2", paused <= 0.2))
        rows.append(("CPU while paused", f"{cpu:.1f} %", "<= 2 %", cpu <= 2))
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()

    rows.append(cpu_row(quick))
    watch = tutorial_run_seconds()
    rows.append(("tutorial's run, default speed", f"{watch:.1f} s", "8-12 s", 8 <= watch <= 12))

    rows.append(("steps/s in app", f"{in_app:.0f}", "", True))
    rows.append(("steps/s headless", f"{headless:.0f}", "", True))
    rows.append(("app / headless", f"{ratio:.2f}", ">= 0.90", ratio >= 0.90))

    # Memory: a tiny network so 100,000 steps come quickly; the history is what grows.
    term = Terminal(
        [command("scratchnet-tui"), "--hidden", "2", "--density", "2", "--speed", "max"]
    )
    try:
        term.wait_for(lambda t: step_of(t) >= 2000, timeout=60)
        at_2k = rss_mb(term.pid)
        reached = term.wait_for(lambda t: step_of(t) >= 100_000, timeout=300)
        at_100k = rss_mb(term.pid)
        growth = at_100k - at_2k
        rows.append(("memory at step 2,000", f"{at_2k:.1f} MB", "", True))
        rows.append(
            ("memory at step 100,000", f"{at_100k:.1f} MB" if reached else "not reached", "", True)
        )
        rows.append(("memory growth", f"{growth:.1f} MB", "<= 10 MB", reached and growth <= 10))
        term.send("q")
        term.wait_exit(5)
    finally:
        term.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter spans, noisier numbers")
    parser.add_argument(
        "--diagram-only",
        action="store_true",
        help="only the rows with the network diagram (or the health view) open",
    )
    parser.add_argument(
        "--cpu-only", action="store_true", help="only the row of CPU training at 1 step/s"
    )
    parser.add_argument(
        "--launch-only",
        action="store_true",
        help="only the launch rows: the app's first frame against a minimal Textual app's",
    )
    args = parser.parse_args()
    span = 3.0 if args.quick else 6.0
    if args.launch_only:
        rows = launch_rows(5 if args.quick else 9)
    elif args.cpu_only:
        rows = [cpu_row(args.quick)]
    elif args.diagram_only:
        term = Terminal([command("scratchnet-tui"), "--speed", "max"])
        try:
            term.wait_for(full_frame, timeout=30)
            rows = [diagram_row(term, span, "default 2-4-1"), health_row(term, span)]
            term.send("q")
            term.wait_exit(5)
        finally:
            term.close()
    else:
        rows = measure(args.quick)
    if not args.cpu_only and not args.launch_only:
        rows += measure_diagram(span)
    print(f"{'figure':<28} {'measured':>22} {'target':>10}")
    for name, value, target, ok in rows:
        mark = "" if not target else ("ok" if ok else "MISSED")
        print(f"{name:<28} {value:>22} {target:>10}  {mark}")


if __name__ == "__main__":
    main()
