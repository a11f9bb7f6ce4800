"""What the timeline costs: memory after a million steps, and training speed at max speed.

    python benchmarks/bench_timeline.py [--quick]

Memory: a timeline recorded after each of 1,000,000 steps of a [8, 8]
network on the tutorial's grid (121 points) in mini-batches of 10, measured with tracemalloc
(everything the timeline allocates and still holds). The steps are simulated, to take seconds
rather than minutes: each one moves the mini-batches on exactly as a step does (so the
shuffler changes every 13 steps) and nudges a weight, but computes no loss; what the timeline
reads and keeps is the same as in real training. A real run of 20,000 steps is measured too.

Speed: the same run trained with and without `timeline.record(trainer)` after each step, in
interleaved blocks so that a busy moment on the machine hits both; the cost is the median
ratio of the blocks' times, minus one. Also printed: what one record() costs when no checkpoint
is due, and when one is; and the same cost as the app pays it, `TrainingSession.train_step` (a
step, then the timeline's record) against a bare `Trainer.step`.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratchnet import Network, Trainer
from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from scratchnet.modes import make_run
from scratchnet.timeline import Timeline
from tui.session import TrainingSession


def held_bytes(action: Callable[[], object]) -> tuple[int, object]:
    """(bytes still allocated after `action`, what it returned), by tracemalloc."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = action()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, result


def simulated_timeline(steps: int) -> Timeline:
    trainer = Trainer(Network(2, [8, 8], seed=0), grid(), 1.0, batch_size=10)
    neuron = trainer.network.layers[0][0]
    batches = trainer.batches
    timeline = Timeline()
    timeline.record(trainer)
    for _ in range(steps):
        batches.next_batch(10)
        neuron.weights[0] += 1e-9
        trainer.steps += 1
        timeline.record(trainer)
    timeline.record_latest(trainer)
    return timeline


def real_timeline(steps: int) -> Timeline:
    trainer = Trainer(Network(2, [8, 8], seed=0), grid(), 1.0, batch_size=10)
    timeline = Timeline()
    timeline.record(trainer)
    for _ in range(steps):
        trainer.step()
        timeline.record(trainer)
    timeline.record_latest(trainer)
    return timeline


def memory(quick: bool) -> None:
    steps = 100_000 if quick else 1_000_000
    print("memory of the timeline, hidden [8, 8], grid (121 points), batches of 10:")
    start = time.perf_counter()
    size, timeline = held_bytes(lambda: simulated_timeline(steps))
    seconds = time.perf_counter() - start
    assert isinstance(timeline, Timeline)
    print(
        f"  {steps:>9,} simulated steps: {size / 2**20:6.2f} MB, {len(timeline)} checkpoints, "
        f"spacing {timeline.spacing} ({seconds:.1f} s; goal at 1,000,000: 20 MB)"
    )
    slowest = 0.0
    for index in range(len(timeline) - 17, len(timeline) - 1):  # from a kept shuffler on
        start = time.perf_counter()
        timeline.at(index)
        slowest = max(slowest, time.perf_counter() - start)
    print(f"  slowest of 16 checkpoints to restore (its shuffles replayed): {slowest * 1e3:.0f} ms")
    real_steps = 2_000 if quick else 20_000
    size, timeline = held_bytes(lambda: real_timeline(real_steps))
    assert isinstance(timeline, Timeline)
    print(
        f"  {real_steps:>9,} real steps:      {size / 2**20:6.2f} MB, {len(timeline)} checkpoints, "
        f"spacing {timeline.spacing}"
    )
    print("  (not counted: the trainer's own loss history, 8 MB per million steps)")


def interleaved(
    plain_block: Callable[[], None],
    timed_block: Callable[[], None],
    pairs: int,
    thinning: Callable[[], bool],
) -> tuple[list[float], list[float]]:
    """Time ratios (timed / plain) of blocks run in turns, the order swapped every pair, so a
    drift of the machine's speed falls on both; split into before and after thinning began."""
    early: list[float] = []
    late: list[float] = []
    for number in range(pairs):
        times = {}
        for which in ("plain", "timed") if number % 2 else ("timed", "plain"):
            start = time.perf_counter()
            (plain_block if which == "plain" else timed_block)()
            times[which] = time.perf_counter() - start
        (late if thinning() else early).append(times["timed"] / times["plain"])
    return early, late


def speed_cost(name: str, make: Callable[[], Trainer], pairs: int, block: int) -> None:
    """Two twins of one run, one with a timeline, trained in turns of `block` steps."""
    plain, recorded = make(), make()
    timeline = Timeline()
    timeline.record(recorded)
    step, record = recorded.step, timeline.record

    def plain_block() -> None:
        for _ in range(block):
            plain.step()

    def recorded_block() -> None:
        for _ in range(block):
            step()
            record(recorded)

    start = time.perf_counter()
    early, late = interleaved(
        plain_block, recorded_block, pairs, lambda: recorded.steps > timeline.capacity
    )
    per_step = (time.perf_counter() - start) / (plain.steps + recorded.steps) * 1e6
    assert plain.losses == recorded.losses, "the timeline changed the run"
    costs = [f"{cost(early)} (steps 1 to 2,048)"]
    if late:
        costs.append(f"{cost(late)} (to step {plain.steps:,})")
    print(f"  {name:<26} {per_step:7.1f} us/step, cost " + ", ".join(costs))


def session_cost(name: str, config: RunConfig, pairs: int, block: int) -> None:
    """The app's step with its timeline against a bare step of a twin run, in turns."""
    session = TrainingSession(make_run(config), paused=True)
    plain = config.trainer()
    train_step = session.train_step

    def plain_block() -> None:
        for _ in range(block):
            plain.step()

    def app_block() -> None:
        for _ in range(block):
            train_step()

    capacity = session.run.timeline.capacity
    early, late = interleaved(plain_block, app_block, pairs, lambda: plain.steps > capacity)
    assert plain.losses == session.run.trainer.losses, "the timeline changed the run"
    costs = [f"{cost(early)} (steps 1 to {capacity:,})"]
    if late:
        costs.append(f"{cost(late)} (to step {plain.steps:,})")
    print(f"  {name:<26} cost " + ", ".join(costs))


def cost(ratios: list[float]) -> str:
    """The median of the time ratios, as a percentage added."""
    return f"{(statistics.median(ratios) - 1) * 100:+5.1f} %"


def record_costs() -> None:
    trainer = Trainer(Network(2, [8, 8], seed=0), grid(), 1.0, batch_size=10)
    timeline = Timeline()
    timeline.record(trainer)
    number = 200_000
    start = time.perf_counter()
    for _ in range(number):
        timeline.record(trainer)  # same step: nothing due
    idle = (time.perf_counter() - start) / number
    number = 20_000
    timeline = Timeline(capacity=2 * number)
    start = time.perf_counter()
    for _ in range(number):
        trainer.steps += 1
        timeline.record(trainer)  # spacing 1: a checkpoint every time
    kept = (time.perf_counter() - start) / number
    print(f"  one record() with nothing due: {idle * 1e9:.0f} ns")
    print(f"  one record() keeping a checkpoint, [8, 8]: {kept * 1e6:.2f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps, noisier")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}")
    memory(args.quick)
    print("\ntraining speed with record() after each step, against without (max speed):")
    print("(median of the time ratios of interleaved blocks; goal: a cost of at most 3 %)")
    pairs = 40 if args.quick else 200
    speed_cost(
        "tutorial: [4], full batch",
        lambda: Trainer(Network(2, [4], seed=0), grid(), 10.0),
        pairs,
        10,
    )
    speed_cost(
        "[8, 8], batches of 10",
        lambda: Trainer(Network(2, [8, 8], seed=0), grid(), 1.0, batch_size=10),
        2 * pairs,
        25,
    )
    speed_cost(
        "worst: [4], batches of 1",
        lambda: Trainer(Network(2, [4], seed=0), grid(), 1.0, batch_size=1),
        3 * pairs,
        100,
    )
    record_costs()
    print("\nin the app: TrainingSession.train_step against Trainer.step (goal: at most 3 %):")
    session_cost("tutorial: [4], full batch", RunConfig(), pairs, 10)
    session_cost("[8, 8], batches of 10", RunConfig(hidden=(8, 8), batch_size=10), 2 * pairs, 25)


if __name__ == "__main__":
    main()
