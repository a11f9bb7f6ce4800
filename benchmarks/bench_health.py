"""What measuring a run's health costs: training with it against training without, same run.

    python benchmarks/bench_health.py [--pairs 40]

Issue #22 allows the health figures (scratchnet/health.py) at most 3% of the training time.
For the tutorial's network, a tutorial network of [8, 8], and the Playground's largest (6
hidden layers of 8, all 7 features, 250 training points), it trains one run in the same process
in stretches of `steps_between(run)` steps, as the app's worker will measure it: every other
stretch ends with a measurement (`measure`, then `Watch.observe`), the others do not. Two
stretches side by side see the same machine, so their ratio holds little of its noise. It prints:

- `between`: how many steps (or epochs) apart it measures;
- `measure`: one measurement's time, and a step's;
- `share`: the time spent measuring over the time spent training, timed call by call;
- `with/without`: a stretch's time with its measurement over its neighbour's without.

Each is the median over the pairs of stretches. Both should be at most 1.03 (3 %).

Then the app's worker (`tui.session.TrainingSession`, as `scratchnet-tui` trains) on the same
runs: a stretch of `session.train_step()`, which measures the run when due, keeps the figures
and the line for the next frame and the diagram's marks, against a stretch of the run's bare
steps: `worker with/without`, the median ratio, should be at most 1.03 too.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratchnet.config import RunConfig  # noqa: E402
from scratchnet.diagnosis import Watch  # noqa: E402
from scratchnet.health import BUDGET, measure, steps_between  # noqa: E402
from scratchnet.modes import make_run  # noqa: E402
from scratchnet.playground import PlaygroundState  # noqa: E402
from scratchnet.run import Run  # noqa: E402
from tui.session import TrainingSession  # noqa: E402

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


def bench(name: str, make: Callable[[], Run], pairs: int) -> None:
    run = make()
    every = steps_between(run)
    run.step()  # the Playground writes its network's code on the first epoch
    watch = Watch()
    steps, measures, shares, ratios = [], [], [], []
    for _ in range(pairs):
        began = time.perf_counter()
        for _ in range(every):
            run.step()
        without = time.perf_counter() - began
        began = time.perf_counter()
        for _ in range(every):
            run.step()
        trained = time.perf_counter() - began
        watch.observe(measure(run))
        with_ = time.perf_counter() - began
        steps.append(without / every)
        measures.append(with_ - trained)
        shares.append((with_ - trained) / trained)
        ratios.append(with_ / without)
    share = median(shares)
    verdict = "ok" if share <= BUDGET else "OVER BUDGET"
    print(
        f"{name:16} between {every:4}  measure {median(measures) * 1000:6.2f} ms"
        f"  step {median(steps) * 1000:6.2f} ms  share {share:6.2%} ({verdict})"
        f"  with/without {median(ratios):.3f}"
    )


def bench_worker(name: str, make: Callable[[], Run], pairs: int) -> None:
    """The app's worker's training with its health measurements against without them, in
    this process's CPU time: the machine's other work does not count."""
    session = TrainingSession(make(), paused=True)
    run, every = session.run, session.health.every
    run.step()  # the Playground writes its network's code on the first epoch
    while run.steps % every:  # stretches end where a measurement is due
        run.step()
    ratios = []
    for _ in range(pairs):
        began = time.process_time()
        for _ in range(every):
            run.step()
        without = time.process_time() - began
        began = time.process_time()
        for _ in range(every):
            session.train_step()
        ratios.append((time.process_time() - began) / without)
    assert len(session.health.frame.history) == pairs, "one measurement a stretch"
    ratio = median(ratios)
    verdict = "ok" if ratio <= 1 + BUDGET else "OVER BUDGET"
    print(f"{name:16} worker with/without {ratio:.3f} ({verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40)
    args = parser.parse_args()
    print(f"target: measuring costs at most {BUDGET:.0%} of the training time")
    for name, make in RUNS.items():
        bench(name, make, args.pairs)
    for name, make in RUNS.items():
        bench_worker(name, make, args.pairs)


if __name__ == "__main__":
    main()
