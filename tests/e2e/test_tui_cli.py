"""`scratchnet-tui` checks its options exactly like `scratchnet train`, before any screen (through
`tui.cli.main` in this process, and the installed command answers --help)."""

import subprocess
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import installed_command, scratchnet_here, scratchnet_tui_here


@cache
def run(*args: str) -> subprocess.CompletedProcess[str]:
    """What the app says to these options (through `tui.cli.main`, see `scratchnet_tui_here`);
    it reads and writes no files (nor stdin), so the same options are run once for every test
    that looks at them."""
    return scratchnet_tui_here(*args)


def run_installed(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command itself, in a process of its own."""
    return subprocess.run(
        [installed_command("scratchnet-tui"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--lr", "abc"],
        ["--lr=nan"],
        ["--lr=-1"],
        ["--lr", "0"],
        ["--lr", "1e999"],
        ["--hidden", "0"],
        ["--hidden", "x"],
        ["--density", "0"],
        ["--seed", "x"],
        ["--fps", "0"],
        ["--fps", "1000"],
        ["--skip-to", "-1"],
        ["--seed=-1"],
        ["--data-seed=-2"],
        ["--noise", "60"],
        ["--dataset", "moons"],
        ["--features", ""],
        ["--features", "x,z"],
        ["--train-ratio", "5"],
        ["--activation", "softmax"],
        ["--reg", "l3"],
        ["--reg-rate", "nan"],
        ["--batch-size", "0"],
        ["--bogus"],
    ],
)
def test_bad_options_get_one_line_and_status_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("scratchnet-tui: error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_messages_match_scratchnet_train() -> None:
    train = scratchnet_here("train", "--lr", "abc")
    tui = run("--lr", "abc")
    assert train.stderr.split("error: ", 1)[1] == tui.stderr.split("error: ", 1)[1]


def test_help_lists_the_options() -> None:
    result = run_installed("--help")
    assert result.returncode == 0
    for option in ["--lr", "--seed", "--hidden", "--density", "--fps", "--paused", "--skip-to"]:
        assert option in result.stdout


def test_every_setting_is_an_option_and_round_trips() -> None:
    from scratchnet.config import RunConfig
    from scratchnet.options import run_config
    from tui.cli import build_parser

    config = RunConfig(
        hidden=(8, 3),
        learning_rate=0.3,
        seed=4,
        dataset_name="spiral",
        points=200,
        noise=15.0,
        data_seed=2,
        train_ratio=60.0,
        features=("x", "y", "sinx"),
        activation="tanh",
        regularisation="l2",
        regularisation_rate=0.01,
        batch_size=10,
    )
    assert run_config(build_parser().parse_args(config.options())) == config


def test_autosave_onto_a_file_that_is_not_a_run_is_refused_before_any_screen(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"notes\n")
    secret = tmp_path / "secret"
    secret.write_bytes(b"private\n")
    (tmp_path / "link.json").symlink_to(secret)
    lost = "which holds something that is not a scratchnet run, and would be lost"
    for path, reason in [
        (notes, "it holds something that is not a scratchnet run, and would be lost"),
        (tmp_path / "link.json", f"it leads to {secret}, {lost}"),
    ]:
        result = scratchnet_tui_here("--autosave", str(path))
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == f"scratchnet-tui: error: cannot write {path}: {reason}\n"
    assert notes.read_bytes() == b"notes\n" and secret.read_bytes() == b"private\n"
