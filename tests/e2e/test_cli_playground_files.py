"""`scratchnet train --playground URL --save F`, then `--load F`, as a user runs it (through
`cli.main`, see `scratchnet_here`). N epochs saved and M more loaded print what N + M epochs in
one go print."""

import json
import subprocess
from pathlib import Path

import pytest

from scratchnet.playground import PlaygroundState
from tests.conftest import scratchnet_here

REFERENCES = Path(__file__).parent.parent / "data" / "playground"
DEAD_LINKS = json.loads((REFERENCES / "gauss-sigmoid-l1-batch1.json").read_text())["settings"]
LEFTOVERS = (  # 250 training points in batches of 8: 2 left over each epoch
    "#activation=relu&batchSize=8&dataset=circle&regularization=L1&regularizationRate=0.003"
    "&networkShape=5,3&seed=0.7&noise=10&learningRate=0.1"
)


def train(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return scratchnet_here("train", *args, cwd=cwd)


@pytest.mark.parametrize(
    ("url", "first", "more", "every"),
    [(DEAD_LINKS["hash"], 30, 10, "1"), (LEFTOVERS, 12, 9, "3")],
)
def test_saved_and_loaded_prints_what_one_straight_run_prints(
    url: str, first: int, more: int, every: str, tmp_path: Path
) -> None:
    straight = train(
        "--playground", url, "--epochs", str(first + more), "--every", every, cwd=tmp_path
    )
    assert straight.returncode == 0, straight.stderr
    saved = train(
        "--playground", url, "--epochs", str(first), "--every", every, "--save", "run.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert saved.returncode == 0 and saved.stderr == "", saved.stderr
    data = json.loads((tmp_path / "run.json").read_text())
    assert PlaygroundState.from_url(data["url"]) == PlaygroundState.from_url(url), "its URL"
    if url == DEAD_LINKS["hash"]:
        assert data["present"]["dead"], "the run is saved with L1's dead links"
    else:
        assert data["present"]["count"] == 2, "and with the gradients of the leftover points"
    loaded = train("--load", "run.json", "--epochs", str(more), "--every", every, cwd=tmp_path)
    assert loaded.returncode == 0 and loaded.stderr == "", loaded.stderr
    assert loaded.stdout.splitlines()[0].split()[0] != "0", "it goes on from where it was"
    assert saved.stdout + loaded.stdout == straight.stdout


def test_the_loaded_run_saves_again_and_goes_on(tmp_path: Path) -> None:
    straight = train("--playground", LEFTOVERS, "--epochs", "9", cwd=tmp_path)
    train("--playground", LEFTOVERS, "--epochs", "3", "--save", "a.json", cwd=tmp_path)
    middle = train("--load", "a.json", "--epochs", "3", "--save", "b.json", cwd=tmp_path)
    last = train("--load", "b.json", "--epochs", "3", cwd=tmp_path)
    assert middle.returncode == last.returncode == 0, middle.stderr + last.stderr
    assert straight.stdout.splitlines()[4:] == (middle.stdout + last.stdout).splitlines()


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ([], "is a Playground run: --load needs --epochs N"),
        (["--epochs", "2", "--steps", "3"], "--steps: not with a saved Playground run"),
        (["--epochs", "2", "--lr", "3"], "--lr: not with a saved Playground run"),
        (["--epochs", "2", "--csv", "losses.csv"], "--csv: not with a saved Playground run"),
        (["--epochs", "2", "--save", "run.json"], "--save names run.json, the file --load reads"),
    ],
)
def test_a_saved_playground_run_refuses_what_does_not_apply(
    words: list[str], reason: str, tmp_path: Path
) -> None:
    train("--playground", "#seed=0.2", "--epochs", "1", "--save", "run.json", cwd=tmp_path)
    before = (tmp_path / "run.json").read_bytes()
    result = train("--load", "run.json", *words, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("scratchnet train: error: ") and reason in line
    assert [path.name for path in tmp_path.iterdir()] == ["run.json"], "nothing is written"
    assert (tmp_path / "run.json").read_bytes() == before
