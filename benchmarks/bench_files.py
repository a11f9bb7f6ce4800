"""Saving a long run: time, file size and peak memory, the whole history against the bounded one.

    python benchmarks/bench_files.py [--steps N]    (default 1,000,000)

Standard library only. The run is the tutorial's network with a made-up loss history of N steps
(N random losses: training a million steps would take minutes and measure the training). Both
ways are measured in this same run, on the same trainer:

- whole: format version 1's way, every step's loss, the text built whole, then written;
- bounded: what `save_run` does now, at most MAX_LOSS_POINTS losses per curve (every k-th step
  and the last), written piece by piece as it is made.

Peak memory is Python's own allocations during the save (tracemalloc, in a second pass, since
tracing slows the code down); the times come from an untraced pass.
"""

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratchnet import loss_history
from scratchnet.config import RunConfig
from scratchnet.files import write_atomically
from scratchnet.run_json import pretty_json
from scratchnet.runfile import load_run, run_data, save_run
from scratchnet.trainer import Trainer


def long_run(steps: int) -> tuple[RunConfig, Trainer]:
    """The tutorial's run, one real step, then told it took `steps` (a made-up loss history)."""
    config = RunConfig()
    trainer = config.trainer()
    trainer.step()
    rng = random.Random(0)
    trainer.losses = array("d", (rng.random() * 0.3 for _ in range(steps)))
    trainer.steps = steps
    trainer.batches.epoch = steps  # full batch: an epoch a step
    return config, trainer


def save_whole(path: Path, config: RunConfig, trainer: Trainer) -> None:
    """The version-1 way: every loss, the whole text in memory, then one write."""
    bound = loss_history.MAX_LOSS_POINTS
    loss_history.MAX_LOSS_POINTS = 2**62  # keep every step, as version 1 did
    try:
        text = pretty_json(run_data(config, trainer))
    finally:
        loss_history.MAX_LOSS_POINTS = bound
    write_atomically(path, text.encode("utf-8"))


def measured(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MB of Python allocations) of one call, from two calls."""
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1_000_000)
    steps = parser.parse_args().steps
    config, trainer = long_run(steps)
    print(f"a run of {steps:,} steps (MAX_LOSS_POINTS {loss_history.MAX_LOSS_POINTS:,})")
    with tempfile.TemporaryDirectory() as folder:
        whole, bounded = Path(folder) / "whole.json", Path(folder) / "bounded.json"
        rows = []
        for name, path, save in [
            ("whole (v1)", whole, save_whole),
            ("bounded (v2)", bounded, save_run),
        ]:
            seconds, peak = measured(lambda: save(path, config, trainer))  # noqa: B023
            load_seconds = measured(lambda: load_run(path))[0]  # noqa: B023
            size = path.stat().st_size / 2**20
            rows.append((name, seconds, peak, size, load_seconds))
            print(
                f"{name:13} save {seconds:6.3f} s  peak {peak:7.1f} MB  "
                f"file {size:7.2f} MB  load {load_seconds:6.3f} s"
            )
        (_, s1, p1, f1, l1), (_, s2, p2, f2, l2) = rows
        print(
            f"bounded / whole: save time {s2 / s1:.3f}, peak memory {p2 / p1:.3f}, "
            f"file size {f2 / f1:.4f}, load time {l2 / l1:.3f}"
        )
        loaded = load_run(bounded)[1]
        assert loaded.steps == steps and loaded.loss == trainer.loss


if __name__ == "__main__":
    main()
