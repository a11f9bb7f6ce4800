"""How fast scratchnet trains, and how much faster than the tutorial's own code.

    python benchmarks/bench_train.py [--tutorial PATH] [--quick]

Standard library only. Prints steps per second and microseconds per sample for a few network
sizes and densities, the cost of one 80x40 prediction grid and of one gradient check, and,
when the tutorial's code is at hand (shared/reference/tutorial_code.py beside this checkout,
or --tutorial), the speed ratio of scratchnet against it, measured in this same run on the
same numbers.
"""

import argparse
import contextlib
import io
import runpy
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratchnet import Network, Trainer, predict_grid
from scratchnet.datasets import grid
from scratchnet.gradcheck import gradient_check
from scratchnet.playground import PlaygroundRun

DEFAULT_TUTORIAL = Path(__file__).resolve().parents[2] / "shared/reference/tutorial_code.py"


def best_time(action: Callable[[], object], repeat: int, number: int) -> float:
    """Seconds for one call: the fastest of `repeat` rounds of `number` calls (least noise)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            action()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def steps_per_second(hidden: list[int], density: int, quick: bool) -> tuple[float, float]:
    dataset = grid(density)
    trainer = Trainer(Network(2, hidden, seed=0), dataset, 1.0)
    budget = 0.2 if quick else 1.0
    trainer.step()
    one = best_time(trainer.step, 1, 3)
    number = max(1, int(budget / 3 / one))
    seconds = best_time(trainer.step, 3, number)
    return 1 / seconds, seconds / len(dataset) * 1e6


def load_tutorial(path: Path) -> dict[str, object]:
    old_argv = sys.argv
    sys.argv = [str(path), "0"]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return runpy.run_path(str(path), run_name="tutorial")
    finally:
        sys.argv = old_argv


def compare_with_tutorial(path: Path, quick: bool) -> None:
    tutorial = load_tutorial(path)
    one_step = tutorial["one_step"]
    assert callable(one_step)
    trainer = Trainer(Network(2, [4], seed=0), grid(10), 10)
    # Same numbers first: the two must agree step for step, or the timing means nothing.
    for _ in range(20):
        ours, theirs = trainer.step(), one_step(10)
        if ours != theirs:
            sys.exit(f"scratchnet and the tutorial disagree at step {trainer.steps}")
    rounds = 3 if quick else 7
    ours_best = theirs_best = float("inf")
    for _ in range(rounds):  # interleaved, so a busy moment on the machine hits both
        ours_best = min(ours_best, best_time(trainer.step, 1, 50))
        theirs_best = min(theirs_best, best_time(lambda: one_step(10), 1, 50))
    print()
    print("against the tutorial's code (hidden [4], density 10, lr 10, same losses):")
    print(f"  tutorial   {theirs_best * 1e6:8.0f} us/step  {1 / theirs_best:8.0f} steps/s")
    print(f"  scratchnet {ours_best * 1e6:8.0f} us/step  {1 / ours_best:8.0f} steps/s")
    print(f"  ratio      {theirs_best / ours_best:8.2f}x faster (goal: 2.00x)")


# The Playground's largest network: 6 hidden layers of 8 and all 7 features; its dataset has 500
# points, so 250 training points at the default 50 %.
PLAYGROUND_SIZES = {
    "4,2": "#dataset=xor&seed=0.80007",
    "8x6": "#dataset=spiral&seed=0.31416&networkShape=8,8,8,8,8,8&xSquared=true"
    "&ySquared=true&xTimesY=true&sinX=true&sinY=true",
}


def compare_playground(quick: bool) -> None:
    """Epochs/s in Playground mode, and samples/s against the tutorial's engine (Trainer).

    A Playground epoch is a pass over the 250 training points plus the loss over all 500
    points; the Trainer steps mini-batches of 10 with tanh hidden neurons and the same features
    on the same points, so "samples/s" compares the training passes alone. The browser runs
    one epoch per animation frame: at most 60 epochs/s, the goal here.
    """
    print()
    print("Playground mode (one epoch = 250 training points + loss over all 500; goal 60/s):")
    header = f"{'hidden':>6} {'epochs/s':>9} {'samples/s':>10} {'Trainer samples/s':>18}"
    print(f"  {header} {'ratio':>6}")
    rounds = 2 if quick else 5
    for name, url in PLAYGROUND_SIZES.items():
        run = PlaygroundRun.from_url(url)
        run.step_epoch()  # writes and compiles the network's code once
        epoch = min(best_time(run.step_epoch, 1, 5 if quick else 20) for _ in range(rounds))
        hidden = list(run.state.network_shape)
        points = [(x, y, 1.0 if label > 0 else 0.0) for x, y, label in run.train_points]
        network = Network(len(run.inputs), hidden, seed=0, activation="tanh")
        trainer = Trainer(network, points, 0.03, features=run.inputs, batch_size=10)
        batch = min(best_time(trainer.step, 1, 25 if quick else 100) for _ in range(rounds))
        ours, theirs = len(points) / epoch, 10 / batch
        print(f"  {name:>6} {1 / epoch:9.1f} {ours:10.0f} {theirs:18.0f} {ours / theirs:5.2f}x")
    run = PlaygroundRun.from_url(PLAYGROUND_SIZES["8x6"])
    grid = [(-6 + 12 * i / 79, 6 - 12 * j / 39) for j in range(40) for i in range(80)]
    picture = best_time(lambda: run.predictions(grid), 3, 3)
    print(f"  one 80x40 picture of the 8x6 network: {picture * 1e3:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tutorial", type=Path, default=DEFAULT_TUTORIAL)
    parser.add_argument("--quick", action="store_true", help="shorter timings, noisier")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}")
    print(f"{'hidden':>8} {'density':>7} {'points':>6} {'steps/s':>9} {'us/sample':>10}")
    for hidden in ([4], [8, 8], [16, 16]):
        for density in (10, 40):
            rate, per_sample = steps_per_second(hidden, density, args.quick)
            name = ",".join(map(str, hidden))
            points = (density + 1) ** 2
            print(f"{name:>8} {density:>7} {points:>6} {rate:9.1f} {per_sample:10.2f}")

    network, dataset = Network(2, [4], seed=0), grid(10)
    picture = best_time(lambda: predict_grid(network, 80, 40), 3, 5)
    print(f"\none 80x40 prediction grid, hidden [4]: {picture * 1e3:.2f} ms")
    check = best_time(lambda: gradient_check(network, dataset), 3, 1)
    print(f"one gradient check (g), hidden [4], the tutorial's grid: {check * 1e3:.0f} ms")
    print("  (goal: well under a second, so that g answers at once)")

    compare_playground(args.quick)

    if args.tutorial.exists():
        compare_with_tutorial(args.tutorial, args.quick)
    else:
        print(f"\n(no tutorial code at {args.tutorial}: pass --tutorial PATH for the ratio)")


if __name__ == "__main__":
    main()
