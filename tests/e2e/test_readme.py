"""Every command the README shows runs as written and does what its text says, and every
picture it shows is the one scripts/screenshots.py makes, captioned with its size and colours.

The commands are read from the README's `sh` blocks, so a command added there and not checked
here fails the suite. Each runs as a user types it, in a folder of its own, with the installed
commands first on the PATH (the venv the README's set-up makes). Kept cheap: the app only to
its first frame and `q`, the SSH server to one student's first frame and ctrl+c, a benchmark
not at all (a measurement takes minutes; test_benchmarks.py runs each one's `--help`); the two
set-up commands, which make a venv and
install, are checked for what they are and run, as a new user would, by hand before a release.
"""

import importlib.util
import inspect
import json
import os
import re
import shlex
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.color import Color

from harness import PATIENCE
from harness.served import SSHServer, SSHVisitor
from harness.terminal import Terminal
from scratchnet.kinds import Choice
from scratchnet.settings import SETTINGS
from tests.conftest import DATA, installed_command, scratchnet_here, scratchnet_tui_here

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SET_UP = "python3 -m venv .venv && .venv/bin/pip install "
# A figure of the loss as `scratchnet train` prints it: `1 0.2919`, `200 0.0015 0.0036`.
FIGURE = r"\d+ \d+\.\d{4}(?: \d+\.\d{4})?"
# What the tutorial printed (tests/data/tutorial_run.json): "the tutorial's lines" are these.
TUTORIAL_LINES = json.loads((DATA / "tutorial_run.json").read_text())["printed_lines"]


ORDINALS = ("first", "second", "third", "fourth", "fifth")


@dataclass(frozen=True)
class Shown:
    """A command of the README, what its comment says, and what the paragraph after its block
    says of it (the sentences from "The second" on, for the block's second command)."""

    command: str
    comment: str
    said: str


def shell_blocks() -> list[tuple[str, str]]:
    """Each `sh` block of the README, and the paragraph that follows it."""
    blocks = []
    for match in re.finditer(r"^```sh\n(.*?)^```\n", README, re.M | re.S):
        after = README[match.end() :].lstrip("\n")
        paragraph = "" if after.startswith("```") else after.split("\n\n")[0]
        blocks.append((match.group(1), paragraph))
    return blocks


def commands() -> list[Shown]:
    """Every line of the sh blocks, comments apart."""
    shown = []
    for block, paragraph in shell_blocks():
        lines = [line.partition(" #") for line in block.splitlines() if line.strip()]
        sentences = re.split(rf"(?=The (?:{'|'.join(ORDINALS)})\b)", paragraph)
        for ordinal, (command, _, comment) in zip(ORDINALS, lines, strict=False):
            said = [text for text in sentences if text.startswith(f"The {ordinal}")]
            shown.append(Shown(command.strip(), comment.strip(), " ".join(said)))
    return shown


def set_up_commands() -> list[str]:
    return [line.command for line in commands() if line.command.startswith("python3 -m venv")]


def environment() -> dict[str, str]:
    """The shell of a user whose venv is activated: the installed commands first."""
    bin_folder = str(Path(installed_command("scratchnet")).parent)
    return {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}


def test_a_fresh_machine_needs_exactly_two_commands_one_for_the_app_one_for_the_tests() -> None:
    app, tests = set_up_commands()
    assert app == SET_UP + ". && .venv/bin/scratchnet-tui"
    assert tests == SET_UP + "'.[test]' && .venv/bin/python -m pytest"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    needed = " ".join(project["project"]["optional-dependencies"]["test"])
    assert "pytest" in needed and "pyte" in needed, "the test extra installs the test tools"
    assert project["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"], "every test"


def figures(text: str) -> list[str]:
    """The loss lines a text quotes: `1 0.2919`, `200 0.0015 0.0036`."""
    return re.findall(FIGURE, text)


def check_train(shown: Shown, tmp_path: Path) -> None:
    """It learns, visibly: its last loss is under half its first, and has nothing to say on
    stderr (a healthy run). Each figure its comment or its sentences quote is a line it prints;
    `N lines` is as many lines, and "the tutorial's" lines are the tutorial's own, each to the
    digit; the files it names are written, the CSV a row a step."""
    result = subprocess.run(
        ["bash", "-c", shown.command],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=PATIENCE * 3,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", f"{shown.command}: a healthy run, with nothing to say"
    printed = result.stdout.splitlines()
    first, last = (float(line.split()[1]) for line in (printed[0], printed[-1]))
    assert last < first / 2, f"{shown.command}: learns next to nothing: {first} -> {last}"
    for figure in figures(shown.comment) + figures(shown.said):
        assert figure in printed, f"{shown.command}: the README says it prints {figure!r}"
    if count := re.search(r"(\d+) lines", shown.comment):
        assert len(printed) == int(count.group(1)), result.stdout
    if "the tutorial's" in shown.comment:
        assert printed == TUTORIAL_LINES, f"{shown.command}: not the tutorial's lines"
    for written in re.findall(r"--(?:save|csv) (\S+)", shown.command):
        assert (tmp_path / written).stat().st_size > 0, f"{shown.command}: wrote no {written}"
    if csv := re.search(r"--csv (\S+)", shown.command):
        steps = re.search(r"(\d+) steps'\s+losses", shown.said)
        rows = (tmp_path / csv.group(1)).read_text().splitlines()[1:]
        assert steps is not None and len(rows) == int(steps.group(1)), "a row a step"


def check_app(shown: Shown, tmp_path: Path) -> None:
    """The app, at the size an SSH session opens, shows its first frame and quits on q."""
    terminal = Terminal(shlex.split(shown.command), columns=80, lines=24, cwd=str(tmp_path))
    try:
        assert terminal.wait_for(lambda t: re.search(r"step \d", t) is not None), terminal.text()
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text()
    finally:
        terminal.close()


def check_extra(shown: Shown, tmp_path: Path) -> None:
    """`pip install '.[ssh]'`: the checkout has that extra, and what it installs (asyncssh,
    which the test extra installs too) imports. Not run: it would install over the network."""
    extra = re.fullmatch(r"pip install '\.\[(\w+)\]'", shown.command)
    assert extra is not None, f"{shown.command}: installs the checkout with an extra"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = project["project"]["optional-dependencies"][extra.group(1)]
    assert wanted and all(name.split("==")[0] in shown.comment for name in wanted), shown
    for name in wanted:
        __import__(name.split("==")[0])


async def check_ssh(shown: Shown, tmp_path: Path) -> None:
    """The server starts, a student who connects gets the app, ctrl+c stops it. Its address is
    a free port on this machine's loopback: a test serves neither the LAN nor a fixed port."""
    words = shlex.split(shown.command)
    assert words[:2] == ["scratchnet-tui", "--ssh"], shown.command
    served = SSHServer(*words[3:], data=tmp_path)
    try:
        assert served.fingerprint.startswith("SHA256:"), served.lines
        async with SSHVisitor(served.port, 80, 24) as student:
            assert await student.shows(lambda t: re.search(r"step \d", t) is not None), (
                student.text()
            )
    finally:
        status, errors = served.stop()
    assert status == 0, errors


def check_benchmark(shown: Shown, tmp_path: Path) -> None:
    """The benchmark is there, one of benchmarks/ (a measurement takes minutes): that each of
    those answers --help is test_benchmarks.py's."""
    words = shlex.split(shown.command)
    assert words[0] == "python" and len(words) == 2, shown.command
    assert words[1].startswith("benchmarks/") and (ROOT / words[1]).is_file(), shown.command


Check = Callable[[Shown, Path], object]
CHECKS: list[tuple[str, Check]] = [
    ("scratchnet train", check_train),
    ("scratchnet-tui --ssh", check_ssh),
    ("pip install", check_extra),
    ("python benchmarks/", check_benchmark),
]


def test_the_set_up_starts_the_app(tmp_path: Path) -> None:
    """The first set-up command's last part, the installed app (the venv is this one)."""
    app = set_up_commands()[0].rpartition(" && ")[2]
    assert app == ".venv/bin/scratchnet-tui"
    check_app(Shown(installed_command("scratchnet-tui"), "", ""), tmp_path)


SHOWN = [line for line in commands() if not line.command.startswith("python3 -m venv")]


@pytest.mark.parametrize("shown", SHOWN, ids=[line.command[:50] for line in SHOWN])
async def test_the_readme_command_does_what_its_text_says(shown: Shown, tmp_path: Path) -> None:
    check = next((check for start, check in CHECKS if shown.command.startswith(start)), None)
    assert check is not None, f"a command the README shows, and no test runs: {shown.command}"
    done = check(shown, tmp_path)
    if inspect.isawaitable(done):
        await done


def listed_choices() -> dict[str, list[str]]:
    """The README's options block: `--activation sigmoid|tanh|relu|linear` -> its choices."""
    found = re.findall(r"(--[a-z-]+) ([a-z0-9]+(?:\|[a-z0-9]+)+)\b", README)
    return {flag: choices.split("|") for flag, choices in found}


@pytest.mark.parametrize("program", ["scratchnet train", "scratchnet-tui"])
def test_help_lists_the_choices_the_readme_lists_and_train_offers_no_speed(program: str) -> None:
    here = scratchnet_tui_here if program == "scratchnet-tui" else scratchnet_here
    result = here(*program.split()[1:], "--help")  # in this process: help, as the command's
    assert result.returncode == 0, result.stderr
    listed = listed_choices()
    assert set(listed) == {"--activation", "--dataset", "--reg"}, listed
    for setting in SETTINGS:
        if isinstance(setting.kind, Choice):
            choices = "{" + ",".join(setting.kind.names) + "}"
            assert f"{setting.flag} {choices}" in result.stdout, f"{program} --help: no {choices}"
            assert list(setting.kind.names) == listed[setting.flag], "the README lists them"
    offers_speed = "--speed" in result.stdout
    assert offers_speed == (program == "scratchnet-tui"), f"{program} --help and --speed"


def screenshot_scenes() -> dict[str, str]:
    """What scripts/screenshots.py makes: each picture's name and its label, "80x24, 256
    colours"."""
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return {name: script.label(colours, size) for name, _, _, colours, size in script.SCENES}


def test_every_picture_is_the_scripts_captioned_with_its_size_and_colours() -> None:
    scenes = screenshot_scenes()
    shown = dict(re.findall(r"!\[[^\]]*\]\(screenshots/([\w-]+)\.svg\)([^|\n]*)", README))
    kept = {path.stem for path in (ROOT / "screenshots").glob("*.svg")}
    assert set(shown) == set(scenes) == kept, "the README shows what the script makes"
    assert any("80x24" in label for label in scenes.values()), "one at the size SSH opens at"
    assert any("16 colours" in label for label in scenes.values()), "one at 16 colours"
    for name, label in scenes.items():
        caption = shown[name].replace("<br>", " ").strip(" *")
        assert label in caption, f"{name}.svg: its caption says {caption!r}, not {label!r}"
        svg = (ROOT / "screenshots" / f"{name}.svg").read_text(encoding="utf-8")
        assert f"<!-- {label} -->" in svg, f"{name}.svg was not made so: run the script again"
        count = int(label.split(", ")[1].split()[0])
        palette = {Color.from_ansi(number).get_truecolor().hex for number in range(count)}
        strays = set(re.findall(r"#[0-9a-f]{6}\b", svg.lower())) - palette
        assert not strays, f"{name}.svg has colours a {count}-colour terminal has not: {strays}"
