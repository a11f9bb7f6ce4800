"""How many SSH visitors one machine serves with keys still quick, and what each one costs.

    python benchmarks/bench_ssh.py [--most N] [--keys K] [--budget SECONDS]

Starts `scratchnet-tui --ssh` on 127.0.0.1 at a free port (its host key in a temporary data
folder), then adds visitors one group at a time: asyncssh clients at 100x30 asking for a
terminal, each app training at the default speed (200 steps a second). With each number of
visitors in, every visitor in turn presses `<` or `>` K times, and the time from the key to
the status line showing the new speed is measured at the client; the table gives the median
and 90th percentile, their ratio to the one-visitor median measured in the same run, the steps
a second each app reaches, and the memory of each app (PSS: its share of pages shared with the
others counted once) and of the server. At the end, ctrl+c with every visitor in: the time to
the server's exit, and how many runs were autosaved. The target is a key-to-screen median of at
most 50 ms; `default_max_clients` (tui/serving/options.py) is sized from this table.

Bounded: at most --most visitors, --keys keys each, and --budget seconds in all; only
127.0.0.1 is ever connected to. Needs the test extra (asyncssh, pyte).
"""

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.served import SSHServer, SSHVisitor, wait_until  # noqa: E402

GROUPS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16)
TARGET_MS = 50.0


def pss_mb(pid: int) -> float:
    """A process's proportional share of memory: pages shared with N processes count 1/N."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def steps_per_second(visitor: SSHVisitor) -> float | None:
    found = re.search(r"(\d+) steps/s", visitor.text())
    return float(found.group(1)) if found else None


async def key_latencies(visitors: list[SSHVisitor], keys: int) -> list[float]:
    """Seconds from each key to the status line's new speed, one visitor at a time."""
    latencies = []
    for turn in range(keys):
        for visitor in visitors:
            key, speed = ("<", "speed 100 ") if turn % 2 == 0 else (">", "speed 200 ")
            start = time.perf_counter()
            visitor.press(key)
            if await visitor.shows(lambda text, s=speed: s in text, timeout=10):
                latencies.append(time.perf_counter() - start)
            else:
                latencies.append(float("inf"))
    return latencies


async def measure(most: int, keys: int, budget: float) -> None:
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        shared = Path(folder) / "class"
        shared.mkdir()
        server = SSHServer(
            "--max-clients",
            "64",
            "--per-address",
            "64",
            "--allow-writes",
            str(shared),
            "--autosave",
            "run.json",
            data=Path(folder),
        )
        print(f"server: {server.lines[0].strip()}; cores: {os.cpu_count()}")
        print(
            f"{'visitors':>8} {'median':>8} {'p90':>8} {'x 1':>6} {'steps/s':>8} "
            f"{'app PSS':>8} {'app RSS':>8} {'server':>8}"
        )
        visitors: list[SSHVisitor] = []
        baseline: float | None = None
        async with contextlib.AsyncExitStack() as stack:
            for count in (group for group in GROUPS if group <= most):
                if time.monotonic() - began > budget:
                    print(f"stopped: the {budget:.0f} s budget is spent")
                    break
                while len(visitors) < count:
                    visitor = await stack.enter_async_context(SSHVisitor(server.port))
                    visitors.append(visitor)
                for visitor in visitors:
                    await visitor.shows(lambda text: "steps/s" in text, timeout=60)
                await asyncio.sleep(2)  # every app training for a while
                latencies = await key_latencies(visitors, keys)
                median = statistics.median(latencies) * 1e3
                p90 = statistics.quantiles(latencies, n=10)[-1] * 1e3
                baseline = baseline or median
                apps = server.visitors()
                speeds = [s for s in map(steps_per_second, visitors) if s is not None]
                print(
                    f"{count:>8} {median:>6.1f}ms {p90:>6.1f}ms {median / baseline:>6.2f} "
                    f"{statistics.median(speeds) if speeds else float('nan'):>8.0f} "
                    f"{statistics.mean(map(pss_mb, apps)):>6.1f}MB "
                    f"{statistics.mean(map(rss_mb, apps)):>6.1f}MB "
                    f"{rss_mb(server.process.pid):>6.1f}MB"
                    + ("" if median <= TARGET_MS else f"  (over {TARGET_MS:.0f} ms)"),
                    flush=True,
                )
                if median > 4 * TARGET_MS:
                    print("stopped: keys are far past the target")
                    break
            apps = server.visitors()
            start = time.perf_counter()
            server.process.send_signal(signal.SIGINT)  # ctrl+c, every visitor still in
            await asyncio.to_thread(server.process.wait, 30)
            stopped = time.perf_counter() - start
            saved = len(list(shared.glob("visitor-*/run.json")))
            print(
                f"ctrl+c with {len(apps)} visitors: the server ended in {stopped:.2f} s "
                f"(status {server.process.returncode}), {saved} of {len(apps)} runs autosaved, "
                f"{len([pid for pid in apps if Path(f'/proc/{pid}').exists()])} apps left"
            )
        wait_until(lambda: not server.visitors(), 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--most", type=int, default=12, help="the most visitors at once (12)")
    parser.add_argument("--keys", type=int, default=10, help="keys each visitor presses (10)")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds in all (300)")
    args = parser.parse_args()
    asyncio.run(measure(min(args.most, 64), min(args.keys, 100), min(args.budget, 1800.0)))


if __name__ == "__main__":
    main()
