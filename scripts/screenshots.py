"""Regenerate screenshots/: SVG pictures of the real app, for the README.

    python scripts/screenshots.py [NAME ...]

Each picture is the app itself, run headless by Textual's test driver, saved with Textual's own
screenshot support, at the size and in the colours the README's caption says. Most are drawn as
an SSH session shows them: TERM=xterm-256color and no COLORTERM, which Textual reads as 256
colours; the app draws for 256 colours, and every colour of the picture is the nearest of that
palette. One is at 80x24, the size an SSH session opens at, and one at 16 colours, as the Linux
console or TERM=xterm shows it (the picture in shade characters, every colour one of the 16).
"""

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import textual.constants  # noqa: E402
from rich.color import Color  # noqa: E402
from rich.console import COLOR_SYSTEMS  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from harness.pilot import wait_for, wait_for_settled_frame  # noqa: E402
from scratchnet.config import RunConfig  # noqa: E402
from scratchnet.playground import PlaygroundState  # noqa: E402
from tui.app import ScratchnetApp  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (120, 40)  # the pictures' size, but for the one at 80x24
SSH = "256"  # the colours of an SSH session (TERM=xterm-256color), as Textual names them
CONSOLE = "standard"  # 16 colours: the Linux console, TERM=xterm
COLOURS = {SSH: 256, CONSOLE: 16}
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


# The Playground's circle on every feature, with L1: after 200 epochs, 15 of its 70 links dead.
CIRCLE_L1 = PlaygroundState.from_url(
    "#activation=tanh&dataset=circle&regularization=L1&regularizationRate=0.001"
    "&networkShape=6,4&x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true"
    "&sinY=true&seed=0.27182&learningRate=0.03&batchSize=10&percTrainData=50"
)


async def playground_diagram(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda s: s.step == 200 and len(s.grid) > 32)
    await pilot.press("v")
    await wait_for(pilot, lambda s: s.diagram is not None and bool(s.diagram.dead))
    await pilot.pause(0.5)


def tutorial(skip_to: int, paused: bool = True) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(), paused=paused, skip_to=skip_to)


App = Callable[[], ScratchnetApp]
# name, app, scene, colours (SSH or CONSOLE), size
SCENES: list[tuple[str, App, Scene, str, tuple[int, int]]] = [
    ("start", lambda: tutorial(0), lambda p: settle(p, 0), SSH, SIZE),
    ("training", lambda: tutorial(300, paused=False), running, SSH, SIZE),
    ("training-80x24", lambda: tutorial(300, paused=False), running, SSH, (80, 24)),
    ("trained", lambda: tutorial(2000), lambda p: settle(p, 2000), SSH, SIZE),
    ("trained-16-colours", lambda: tutorial(2000), lambda p: settle(p, 2000), CONSOLE, SIZE),
    ("help", lambda: tutorial(2000), help_screen, SSH, SIZE),
    ("learning-rate", lambda: tutorial(2000), dialog, SSH, SIZE),
    ("playground", lambda: ScratchnetApp(PLAYGROUND, skip_to=300), playground, SSH, SIZE),
    ("neurons", lambda: tutorial(2000), neurons, SSH, SIZE),
    ("probe", lambda: tutorial(2000), probing, SSH, SIZE),
    ("diagram", lambda: ScratchnetApp(LARGEST, paused=True, skip_to=40), diagram, SSH, SIZE),
    (
        "playground-mode",
        lambda: ScratchnetApp(SPIRAL, paused=True, skip_to=150),
        playground_mode,
        SSH,
        SIZE,
    ),
    (
        "playground-diagram",
        lambda: ScratchnetApp(CIRCLE_L1, paused=True, skip_to=200),
        playground_diagram,
        SSH,
        SIZE,
    ),
]


def label(colours: str, size: tuple[int, int]) -> str:
    """What a picture's caption says of it: "120x40, 256 colours"."""
    return f"{size[0]}x{size[1]}, {COLOURS[colours]} colours"


def as_shown(svg: str, colours: str) -> str:
    """The picture's colours as a terminal of these colours shows them: each the nearest of
    its palette (Rich's own downgrade, as it draws on such a terminal; the 16 in Rich's
    default terminal theme)."""
    system = COLOR_SYSTEMS[colours]

    def nearest(match: re.Match[str]) -> str:
        return Color.parse(match.group()).downgrade(system).get_truecolor().hex

    return re.sub(r"#[0-9a-fA-F]{6}\b", nearest, svg)


async def shoot(name: str, make: App, scene: Scene, colours: str, size: tuple[int, int]) -> None:
    textual.constants.COLOR_SYSTEM = colours  # read as an app is made
    app = make()
    async with app.run_test(size=size) as pilot:
        await scene(pilot)
        svg = app.export_screenshot()
    path = OUT / f"{name}.svg"
    # The picture says how it was made, for its caption to be checked against.
    svg = re.sub("<svg[^>]*>", rf"\g<0>\n<!-- {label(colours, size)} -->", svg, count=1)
    path.write_text(as_shown(svg, colours), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    only = set(sys.argv[1:])  # the names of the pictures to make again; none: all of them
    for name, make, scene, colours, size in SCENES:
        if not only or name in only:
            await shoot(name, make, scene, colours, size)


if __name__ == "__main__":
    asyncio.run(main())
