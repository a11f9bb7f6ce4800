"""What measuring a run's health costs: training with it against training without, same run.

    python benchmarks/bench_health.py [--rounds 5] [--steps 400]

Issue #22 allows the health figures (scratchnet/health.py) at most 3% of the training time.
For the tutorial's network, a tutorial network of [8, 8], and the Playground's largest (6
hidden layers of 8, all 7 features, 250 training points), it trains the same run in the same
process in rounds, alternately without and with a measurement (`measure`, then `Watch.observe`,
as the app's worker will) every `steps_between(run)` steps, and prints:

- `between`: how many steps (or epochs) apart it measures;
- `measure`: one measurement's time, and a step's;
- `share`: the time spent measuring over the time spent training, timed call by call in the
  runs with measurements (the cost itself, little disturbed by the machine's other work);
- `with/without`: the whole run's time with measurements over its time without (the best
  round of each), which also holds the machine's noise.

Both should be at most 1.03.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratchnet.config import RunConfig  # noqa: E402
from scratchnet.diagnosis import Watch  # noqa: E402
from scratchnet.health import BUDGET, measure, steps_between  # noqa: E402
from scratchnet.modes import make_run  # noqa: E402
from scratchnet.playground import PlaygroundState  # noqa: E402
from scratchnet.run import Run  # noqa: E402

ALL_FEATURES = "&".join(
    f"{key}=true" for key in ("x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY")
)
RUNS: dict[str, Callable[[], Run]] = {
    "tutorial [4]": lambda: make_run(RunConfig()),
    "tutorial [8, 8]": lambda: make_run(RunConfig(hidden=(8, 8))),
    "Playground 6x8": lambda: make_run(
        PlaygroundState.from_url(
            f"#dataset=spiral&networkShape=8,8,8,8,8,8&{ALL_FEATURES}&seed=0.31416"
        )
    ),
}


def train(run: Run, steps: int, measuring: bool) -> tuple[float, float]:
    """Train `steps` steps; (seconds in all, seconds of them measuring)."""
    every = steps_between(run)
    watch = Watch()
    spent = 0.0
    start = time.perf_counter()
    for _ in range(steps):
        run.step()
        if measuring and run.steps % every == 0:
            began = time.perf_counter()
            watch.observe(measure(run))
            spent += time.perf_counter() - began
    return time.perf_counter() - start, spent


def bench(name: str, make: Callable[[], Run], rounds: int, steps: int) -> None:
    run = make()
    every = steps_between(run)
    steps = max(steps, 4 * every)  # a few measurements a round, however far apart
    run.step()  # the Playground writes its network's code on the first epoch
    began = time.perf_counter()
    measure(run)
    one = time.perf_counter() - began
    without, with_, shares = [], [], []
    for _ in range(rounds):
        without.append(train(run.copy(), steps, measuring=False)[0])
        total, spent = train(run.copy(), steps, measuring=True)
        with_.append(total)
        shares.append(spent / (total - spent))
    step = min(without) / steps
    share = min(shares)
    ratio = min(with_) / min(without)
    verdict = "ok" if share <= BUDGET else "OVER BUDGET"
    print(
        f"{name:16} between {every:4}  measure {one * 1000:7.2f} ms  step {step * 1000:6.2f} ms"
        f"  share {share:6.2%} ({verdict})  with/without {ratio:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=400)
    args = parser.parse_args()
    print(f"target: measuring costs at most {BUDGET:.0%} of the training time")
    for name, make in RUNS.items():
        bench(name, make, args.rounds, args.steps)


if __name__ == "__main__":
    main()
