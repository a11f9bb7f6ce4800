"""Playground mode in the installed app: epochs a second on screen against headless, same run.

    python benchmarks/bench_playground.py [--seconds 8]

For the Playground's default-sized network ([4, 2] on xor) and its largest (6 hidden layers of
8, all 7 features, 250 training points), starts `scratchnet-tui --playground URL` in a real
120x40 pseudo-terminal (TERM=xterm-256color, no COLORTERM, as over SSH) at `--speed max` (its
default, 50 epochs a second, is the browser's pace, for watching), lets it train, and
reads the epoch count off the status line at two moments. Headless `PlaygroundRun` epochs a
second are measured just before and after, so a drift of the machine's speed shows; and so
are the epochs a second of the same run through the run contract (`PlaygroundMode.step`, which
also keeps the run's timeline), as a share of the headless ones. The browser's Playground runs
one epoch per animation frame: at most 60 epochs a second.
"""

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.terminal import Terminal  # noqa: E402
from scratchnet.modes import make_run  # noqa: E402
from scratchnet.playground import PlaygroundRun, PlaygroundState  # noqa: E402

ALL_FEATURES = "&".join(
    f"{key}=true" for key in ("x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY")
)
URLS = {
    "4,2": "#dataset=xor&networkShape=4,2&seed=0.80007",
    "8x6": f"#dataset=spiral&networkShape=8,8,8,8,8,8&{ALL_FEATURES}&seed=0.31416",
}
BROWSER = 60.0


def headless(url: str, seconds: float, contract: bool = False) -> float:
    """Epochs a second of a PlaygroundRun trained flat out for about `seconds` (`contract`:
    through the run contract, as the app's worker is to train it)."""
    if contract:
        step = make_run(PlaygroundState.from_url(url)).step
    else:
        step = PlaygroundRun.from_url(url).step_epoch
    step()  # the network's code is written once, on the first epoch
    start, epochs = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        step()
        epochs += 1
    return epochs / (time.perf_counter() - start)


def epoch_on_screen(text: str) -> int:
    match = re.search(r"epoch (\d+) ", text)
    return int(match.group(1)) if match else -1


def in_app(url: str, seconds: float) -> float:
    """Epochs a second the app shows, from the status line, after it has started training."""
    app = str(Path(sys.executable).parent / "scratchnet-tui")
    terminal = Terminal([app, "--playground", url, "--speed", "max"])
    try:
        if not terminal.wait_for(lambda t: epoch_on_screen(t) > 5, timeout=30):
            sys.exit("the app did not start training:\n" + terminal.text())
        first, start = epoch_on_screen(terminal.text()), time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            terminal.read(0.05)
        last = epoch_on_screen(terminal.text())
        return (last - first) / (time.perf_counter() - start)
    finally:
        terminal.send("q")
        terminal.wait_exit(5)
        terminal.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    print(
        f"{'hidden':>6} {'headless':>9} {'in app':>8} {'app/headless':>13} {'app/browser':>12} "
        f"{'contract/headless':>18}"
    )
    for name, url in URLS.items():
        before = headless(url, args.seconds / 2)
        contract = headless(url, args.seconds / 2, contract=True)
        app = in_app(url, args.seconds)
        after = headless(url, args.seconds / 2)
        alone = (before + after) / 2
        print(
            f"{name:>6} {alone:9.1f} {app:8.1f} {app / alone:13.2f} {app / BROWSER:12.2f} "
            f"{contract / alone:18.2f}"
        )


if __name__ == "__main__":
    main()
