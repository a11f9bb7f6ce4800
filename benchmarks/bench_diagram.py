"""What the network diagram costs while training: lines repainted and bytes sent per frame.

    python benchmarks/bench_diagram.py [--quick] [--every STEPS] [--fps FRAMES]

Trains two runs headless (the default 2-4-1 on the grid, and 7 features into 6 layers of 8
tanh neurons on xor), makes a diagram frame every `--every` steps as the worker would (each
from the one before, so levels keep still), draws it at the diagram's pane size (58 x 34 at a
120 x 40 terminal), and counts what differs from the last frame's: the runs of changed cells
the widget repaints (`changed_spans`). Their bytes are estimated as a 256-colour terminal gets
them: each run of one style as its SGR codes and text, plus a cursor move per run. At `--fps`
diagram frames a second, that is what the diagram adds to `bench_tui.py`'s bytes per second.
It also prints the time to make and to draw a frame.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from rich.color import ColorSystem
from rich.style import Style

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratchnet.config import RunConfig  # noqa: E402
from scratchnet.modes import make_run  # noqa: E402
from tui.drawing.colours import shades_for  # noqa: E402
from tui.drawing.diagram import Cells, changed_spans, draw, merge  # noqa: E402
from tui.drawing.diagram_frame import diagram_frame  # noqa: E402
from tui.drawing.diagram_layout import lay_out  # noqa: E402
from tui.snapshot import DiagramFrame  # noqa: E402

PANE = (58, 34)
CURSOR_MOVE = 8  # "ESC [ row ; col H": about what moving to the start of a line costs


def repaint_bytes(before: list[tuple[str, Style]], after: list[tuple[str, Style]]) -> int:
    """What repainting the changed runs of cells of a line sends (nothing if none changed)."""
    spans = changed_spans(before, after) if before else [range(len(after))]
    sent = 0
    for span in spans:
        segments = merge(after[span.start : span.stop])
        sent += CURSOR_MOVE + sum(
            len(style.render(text, color_system=ColorSystem.EIGHT_BIT))
            for text, style, _ in segments
            if style is not None
        )
    return sent


def measure(name: str, config: RunConfig, frames: int, every: int, fps: float) -> None:
    run = make_run(config)
    shape = (len(config.features), *config.hidden, 1)
    layout = lay_out(shape, *PANE)
    shades = shades_for("256")
    previous: DiagramFrame | None = None
    before: Cells = []
    changed, sent, making, drawing = [], [], [], []
    for _ in range(frames):
        for _ in range(every):
            run.step()
        start = time.perf_counter()
        frame = diagram_frame(run, layout.samples, None, previous)
        made = time.perf_counter()
        cells = draw(frame, layout, shades, "256", Style())
        drawing.append(time.perf_counter() - made)
        making.append(made - start)
        costs = [repaint_bytes(before[y] if before else [], line) for y, line in enumerate(cells)]
        changed.append(sum(1 for cost in costs if cost))
        sent.append(sum(costs))
        previous, before = frame, cells
    steady = sent[1:]  # the first frame draws everything once
    lines = statistics.mean(changed[1:])
    print(
        f"{name:<24} first frame {sent[0] / 1024:4.1f} KiB; then {lines:4.1f} of {PANE[1]} lines,"
        f" {statistics.mean(steady):5.0f} B a frame"
        f" = {statistics.mean(steady) * fps / 1024:4.1f} KiB/s at {fps:g} frames/s;"
        f" make {1000 * statistics.median(making):4.1f} ms, draw"
        f" {1000 * statistics.median(drawing):4.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer frames")
    parser.add_argument("--every", type=int, default=5, help="training steps between frames")
    parser.add_argument("--fps", type=float, default=4.0, help="diagram frames a second")
    args = parser.parse_args()
    frames = 20 if args.quick else 120
    print(f"the diagram at {PANE[0]}x{PANE[1]}, a frame every {args.every} steps:")
    measure("default 2-4-1, grid", RunConfig(), frames, args.every, args.fps)
    largest = RunConfig(
        dataset_name="xor",
        features=("x", "y", "x2", "y2", "xy", "sinx", "siny"),
        hidden=(8, 8, 8, 8, 8, 8),
        activation="tanh",
        learning_rate=0.03,
        batch_size=10,
    )
    measure("7 inputs, 6x8 tanh, xor", largest, frames, args.every, args.fps)


if __name__ == "__main__":
    main()
