"""`scratchnet train --playground URL`: what it prints, and what `scratchnet-tui --playground`
refuses; both through their `main` in this process (see `scratchnet_here`)."""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import scratchnet_here, scratchnet_tui_here

REFERENCES = Path(__file__).parent.parent / "data" / "playground"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return scratchnet_here("train", *args)


def reference(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCES / f"{name}.json").read_text())
    return data


def test_the_reference_url_prints_the_playgrounds_own_losses() -> None:
    xor = reference("xor-default")
    url = "https://playground.tensorflow.org/" + xor["settings"]["hash"]
    result = run("--playground", url, "--epochs", "3")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [line.split() for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["0", "1", "2", "3"]
    for words, (train, test) in zip(lines, xor["loss"]):
        # Every digit printed is the Playground's, up to the last bit of tanh in node.
        assert float(words[1]) == pytest.approx(train, rel=1e-12, abs=0)
        assert float(words[2]) == pytest.approx(test, rel=1e-12, abs=0)


def test_the_hash_alone_and_every_give_the_same_run() -> None:
    hash_part = reference("spiral-tanh-888")["settings"]["hash"]
    every_epoch = run("--playground", hash_part, "--epochs", "5").stdout.splitlines()
    every_other = run("--playground", hash_part, "--epochs", "5", "--every", "2")
    assert every_other.returncode == 0, every_other.stderr
    # Epoch 0, every 2nd epoch, and always the last.
    assert every_other.stdout.splitlines() == [every_epoch[i] for i in (0, 2, 4, 5)]


def test_a_url_without_a_seed_says_the_seed_it_drew() -> None:
    result = run("--playground", "#dataset=gauss", "--epochs", "1")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    (note,) = result.stderr.splitlines()
    url = note.split(": ", 1)[1]
    assert "seed=" in url and "dataset=gauss" in url
    again = run("--playground", url.split("/", 3)[-1], "--epochs", "1")
    assert again.stdout == result.stdout, "the URL in the note repeats the run"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("#activation=tahn&seed=1", "activation"),
        ("#learningRate=0.05&seed=1", "learningRate"),
        ("#networkShape=9&seed=1", "networkShape"),
        ("#colour=red&seed=1", "colour"),
        ("#x=yes&seed=1", "x:"),
    ],
)
def test_a_bad_url_gets_one_line_naming_the_key(url: str, key: str) -> None:
    result = run("--playground", url, "--epochs", "3")
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("scratchnet train: error: --playground: ")
    assert key in line


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["--hidden", "8"], "--hidden: not with --playground"),
        (["--lr", "3", "--noise", "10"], "--lr, --noise: not with --playground"),
        (["--steps", "10"], "--steps: not with --playground"),
        (["--save", "no/such/folder/run.json"], "cannot write no/such/folder/run.json"),
        (["--load", "run.json"], "--load: not with --playground"),
        (["--csv", "losses.csv"], "--csv: not with --playground"),
    ],
)
def test_options_of_the_tutorials_run_are_refused_with_playground(
    words: list[str], reason: str, tmp_path: Path
) -> None:
    result = scratchnet_here(
        "train", "--playground", "#seed=1", "--epochs", "2", *words, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert reason in line
    assert list(tmp_path.iterdir()) == [], "nothing is written"


def test_epochs_need_playground_and_playground_needs_epochs() -> None:
    for words, reason in [
        (["--epochs", "3"], "--epochs is for --playground runs"),
        (["--playground", "#seed=1"], "--playground needs --epochs"),
        (["--playground", "#seed=1", "--epochs", "-1"], "0 or more"),
    ]:
        result = run(*words)
        assert result.returncode == 2, words
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert reason in line


def run_tui(*args: str) -> subprocess.CompletedProcess[str]:
    """What `scratchnet-tui ARGS` says to options it refuses before any screen (through
    `tui.cli.main`, see `scratchnet_tui_here`; starting the app would fail the test)."""
    return scratchnet_tui_here(*args)


def test_the_app_takes_playground_with_or_without_a_url() -> None:
    from tui.cli import build_parser

    assert build_parser().parse_args([]).playground is None
    assert build_parser().parse_args(["--playground"]).playground == ""
    assert build_parser().parse_args(["--playground", "#seed=1"]).playground == "#seed=1"


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["--playground", "#activation=tahn"], "--playground: activation: one of"),
        (["--playground=#batchSize=31"], "--playground: batchSize: one of 1 to 30"),
        (["--playground", "#seed=1", "--hidden", "8"], "--hidden: not with --playground"),
        (["--playground", "--load", "run.json"], "--load: not with --playground"),
    ],
)
def test_the_app_refuses_a_bad_playground_start_in_one_line(words: list[str], reason: str) -> None:
    result = run_tui(*words)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("scratchnet-tui: error: ")
    assert reason in line
