"""Regenerate screenshots/: SVG pictures of the real app, for the README.

    python scripts/screenshots.py

Each picture is the app itself, run headless at 120x40 by Textual's test driver, saved with
Textual's own screenshot support.
"""

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402

from harness.pilot import wait_for, wait_for_settled_frame  # noqa: E402
from scratchnet.config import RunConfig  # noqa: E402
from scratchnet.playground import PlaygroundState  # noqa: E402
from tui.app import ScratchnetApp  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (120, 40)
Scene = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None], step: int) -> None:
    await wait_for_settled_frame(pilot, step)


async def running(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda s: s.state == "running" and s.step > 600)
    await pilot.pause(0.3)


async def help_screen(pilot: Pilot[None]) -> None:
    await settle(pilot, 2000)
    await pilot.press("question_mark")
    await pilot.pause(0.2)


async def dialog(pilot: Pilot[None]) -> None:
    await settle(pilot, 2000)
    await pilot.press("l", *"0.3")
    await pilot.pause(0.2)


async def playground(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda s: s.state == "running" and s.step > 400)
    await pilot.press("c")
    await pilot.pause(0.5)


PLAYGROUND = RunConfig(
    dataset_name="xor",
    noise=10,
    train_ratio=50,
    features=("x", "y", "xy"),
    hidden=(6, 4),
    activation="tanh",
    learning_rate=0.3,
)


async def neurons(pilot: Pilot[None]) -> None:
    await settle(pilot, 2000)
    await pilot.press("i")
    await wait_for(pilot, lambda s: len(s.neurons) == 5)
    await pilot.press("down")
    await pilot.pause(0.3)


async def probing(pilot: Pilot[None]) -> None:
    await settle(pilot, 2000)
    await pilot.press("p", "right", "right", "right", "right", "right", "right")
    await wait_for(pilot, lambda s: s.probe is not None and s.probe.backward is not None)
    await pilot.pause(0.3)


# The Playground's spiral with sin x and sin y, which it learns in about 100 epochs.
SPIRAL = PlaygroundState.from_url(
    "#activation=tanh&dataset=spiral&networkShape=8,8&x=true&y=true&sinX=true&sinY=true"
    "&seed=0.31416&percTrainData=50&learningRate=0.03&batchSize=10&noise=0"
)


async def playground_mode(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda s: s.step == 150 and len(s.grid) > 32)
    await pilot.pause(0.3)


LARGEST = RunConfig(
    dataset_name="xor",
    features=("x", "y", "x2", "y2", "xy", "sinx", "siny"),
    hidden=(8, 8, 8, 8, 8, 8),
    activation="tanh",
    learning_rate=0.03,
)


async def diagram(pilot: Pilot[None]) -> None:
    await settle(pilot, 40)
    await pilot.press("v")
    await wait_for(pilot, lambda s: s.diagram is not None and s.diagram.shape[1:3] == (8, 8))
    await pilot.press("tab", "down", "right")  # the link from neuron 2.2 to neuron 3.2
    await pilot.pause(0.5)


SCENES: list[tuple[str, ScratchnetApp, Scene]] = [
    ("start", ScratchnetApp(RunConfig(), paused=True), lambda p: settle(p, 0)),
    ("training", ScratchnetApp(RunConfig(), skip_to=300), running),
    ("trained", ScratchnetApp(RunConfig(), paused=True, skip_to=2000), lambda p: settle(p, 2000)),
    ("help", ScratchnetApp(RunConfig(), paused=True, skip_to=2000), help_screen),
    ("learning-rate", ScratchnetApp(RunConfig(), paused=True, skip_to=2000), dialog),
    ("playground", ScratchnetApp(PLAYGROUND, skip_to=300), playground),
    ("neurons", ScratchnetApp(RunConfig(), paused=True, skip_to=2000), neurons),
    ("probe", ScratchnetApp(RunConfig(), paused=True, skip_to=2000), probing),
    ("diagram", ScratchnetApp(LARGEST, paused=True, skip_to=40), diagram),
    (
        "playground-mode",
        ScratchnetApp(SPIRAL, paused=True, skip_to=150),
        playground_mode,
    ),
]


async def shoot(name: str, app: ScratchnetApp, scene: Scene) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await scene(pilot)
        path = app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        print(f"wrote {Path(path).relative_to(ROOT)}")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, app, scene in SCENES:
        await shoot(name, app, scene)


if __name__ == "__main__":
    asyncio.run(main())
